/**
 * Whether the request log is on and how much it keeps: `ENABLE_REQUEST_LOGS` in the environment wins (true or
 * false), else `settings.requestLogs` in db.json (`/api/usage/settings`), else off. Sizes have floors so a typo
 * cannot make every entry rotate a file.
 */
import { DEFAULT_REQUEST_LOG_SETTINGS, type ConfigDocument, type StoredRequestLogs } from "../config-db/config-db-schema";

export interface RequestLogSettings {
  enabled: boolean;
  /** Whence `enabled` came: shown by the settings API so a user knows why a toggle does nothing. */
  enabledBy: "env" | "settings" | "default";
  retentionDays: number;
  /** Total size of the log files; the oldest files go first past it. */
  maxBytes: number;
  /** Each body (request, response) is kept up to this many bytes; the rest is cut and marked truncated. */
  maxBodyBytes: number;
  /** A log file is closed and the next one opened past this size. */
  maxFileBytes: number;
}

/**
 * With no `settings.requestLogs` at all the log is off: it stores prompts and answers, so it is opt-in (issue #7:
 * "ENABLE_REQUEST_LOGS=true (or the setting)"). Retention and size follow the stored defaults.
 */
export const DEFAULT_REQUEST_LOGS: Readonly<StoredRequestLogs> = Object.freeze({
  enabled: false,
  retentionDays: DEFAULT_REQUEST_LOG_SETTINGS.retentionDays,
  maxBytes: DEFAULT_REQUEST_LOG_SETTINGS.maxBytes,
});
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const MIN_TOTAL_BYTES = 1024 * 1024;
const MIN_FILE_BYTES = 256 * 1024;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function resolveRequestLogSettings(document: Pick<ConfigDocument, "settings">, env: NodeJS.ProcessEnv): RequestLogSettings {
  const stored = document.settings.requestLogs;
  const fromEnv = parseBooleanText(env.ENABLE_REQUEST_LOGS);
  const enabled = fromEnv ?? stored?.enabled ?? DEFAULT_REQUEST_LOGS.enabled;
  const maxBytes = Math.max(MIN_TOTAL_BYTES, stored?.maxBytes ?? DEFAULT_REQUEST_LOGS.maxBytes);
  const bodyFromEnv = Number(env.REQUEST_LOG_MAX_BODY_BYTES);
  const maxBodyBytes = Number.isInteger(bodyFromEnv) && bodyFromEnv >= 0 ? bodyFromEnv : DEFAULT_MAX_BODY_BYTES;
  return {
    enabled,
    enabledBy: fromEnv !== undefined ? "env" : stored !== undefined ? "settings" : "default",
    retentionDays: stored?.retentionDays ?? DEFAULT_REQUEST_LOGS.retentionDays,
    maxBytes,
    maxBodyBytes,
    // Eight files or more under the cap, so dropping the oldest one frees an eighth at most.
    maxFileBytes: Math.min(MAX_FILE_BYTES, Math.max(MIN_FILE_BYTES, Math.floor(maxBytes / 8))),
  };
}

function parseBooleanText(value: string | undefined): boolean | undefined {
  const normalized = value?.trim().toLowerCase();
  if (normalized === "true" || normalized === "1" || normalized === "yes" || normalized === "on") return true;
  if (normalized === "false" || normalized === "0" || normalized === "no" || normalized === "off") return false;
  return undefined;
}
