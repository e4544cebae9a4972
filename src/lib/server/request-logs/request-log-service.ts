/**
 * The request log (`ENABLE_REQUEST_LOGS=true` or `settings.requestLogs.enabled`): one entry per API request with
 * its metadata, attempt trail and phase timings — written from the usage sink, so it needs nothing from the
 * engine — and, where the engine hands them over (`GatewayPorts.requestCapture`), its request and response
 * bodies, redacted and cut to a per-body cap. A client key with `logRequestContent: false` keeps metadata only.
 *
 * Nothing here runs on the request path but `capture.wants` (a settings read and a map lookup) and
 * `capture.capture` (a map insert): entries are built, serialized and written in the writer's batches.
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { ConfigDocument, StoredApiKey } from "../config-db/config-db-schema";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import type { RowAccounting } from "../usage/usage-columns";
import { findRequestLogLocation, queryRequestLogList, type RequestLogPage, type RequestLogQuery } from "./query-request-logs";
import { buildRequestLogEntry, presentEntry, type CapturedBodies, type RequestLogEntry } from "./request-log-entry";
import { resolveRequestLogSettings, type RequestLogSettings } from "./request-log-settings";
import { createRequestLogWriter, type RequestLogWriter } from "./request-log-writer";

/** The host's `GatewayPorts.requestCapture` (ports.ts gets the same shape as `RequestCapturePort`). */
export interface RequestCapture {
  /** True when this request's bodies should be handed over: the log is on and the key did not opt out. */
  wants(apiKeyId: string | null): boolean;
  /** Each body is copied up to this many bytes by the engine. */
  readonly maxBodyBytes: number;
  /** The engine hands over one request's bodies just before recording its usage row. Never throws. */
  capture(requestId: string, bodies: CapturedBodies): void;
}

export interface RequestLogService {
  capture: RequestCapture;
  /** For every priced usage row (the usage sink's `onPriced`). Never throws. */
  onRow(row: UsageRow, accounting: RowAccounting): void;
  settings(): RequestLogSettings;
  list(query: RequestLogQuery): RequestLogPage;
  /** The full entry, bodies included when stored (whole JSON bodies parsed); undefined when not logged (or removed). */
  detail(requestId: string): Promise<RequestLogEntry | undefined>;
  flush(): Promise<void>;
  maintain(): Promise<{ filesDeleted: number; rowsDeleted: number }>;
  close(): Promise<void>;
  readonly writer: RequestLogWriter;
}

export interface RequestLogServiceOptions {
  logsDir: string;
  db: SqliteDatabase;
  readDocument: () => ConfigDocument;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  flushIntervalMs?: number;
  onError?: (error: Error) => void;
}

/** Bodies handed over wait here for their usage row (it follows at once); bounded whatever happens. */
const MAX_PENDING_BODIES = 1_000;

export function createRequestLogService(options: RequestLogServiceOptions): RequestLogService {
  const now = options.now ?? Date.now;
  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A throwing error handler must not break request logging.
    }
  };
  let settingsFrom: ConfigDocument["settings"] | undefined;
  let settings: RequestLogSettings = resolveRequestLogSettings(options.readDocument(), options.env);
  const currentSettings = (): RequestLogSettings => {
    const document = options.readDocument();
    if (document.settings !== settingsFrom) {
      settingsFrom = document.settings;
      settings = resolveRequestLogSettings(document, options.env);
    }
    return settings;
  };
  let keysFrom: readonly StoredApiKey[] | undefined;
  let optedOut = new Set<string>();
  const contentOffFor = (apiKeyId: string | null | undefined): boolean => {
    if (apiKeyId === null || apiKeyId === undefined) return false;
    const keys = options.readDocument().apiKeys;
    if (keys !== keysFrom) {
      keysFrom = keys;
      optedOut = new Set(keys.filter((key) => key.logRequestContent === false).map((key) => key.id));
    }
    return optedOut.has(apiKeyId);
  };

  const writer = createRequestLogWriter({
    dir: options.logsDir,
    db: options.db,
    settings: currentSettings,
    now,
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
    onError: report,
  });
  const pending = new Map<string, CapturedBodies>();

  const capture: RequestCapture = {
    wants(apiKeyId) {
      try {
        return currentSettings().enabled && currentSettings().maxBodyBytes > 0 && !contentOffFor(apiKeyId);
      } catch {
        return false;
      }
    },
    get maxBodyBytes() {
      return currentSettings().maxBodyBytes;
    },
    capture(requestId, bodies) {
      try {
        if (pending.size >= MAX_PENDING_BODIES) pending.delete(pending.keys().next().value!);
        pending.set(requestId, bodies);
      } catch (error) {
        report(error);
      }
    },
  };

  return {
    capture,
    writer,
    onRow(row, accounting) {
      try {
        const bodies = pending.get(row.requestId);
        if (bodies !== undefined) pending.delete(row.requestId);
        if (!currentSettings().enabled) return;
        // A key that opted out keeps no content, whatever was captured (settings may have changed mid-request).
        const off = contentOffFor(row.apiKeyId);
        const kept = off ? undefined : bodies;
        writer.append(() => buildRequestLogEntry(row, accounting, kept, off ? "off-for-key" : "not-captured", now()));
      } catch (error) {
        report(error);
      }
    },
    settings: currentSettings,
    list: (query) => queryRequestLogList(options.db, query),
    async detail(requestId) {
      // An entry still queued is written first, so a detail right after a request finds it.
      if (writer.pendingCount > 0) await writer.flush().catch(report);
      const location = findRequestLogLocation(options.db, requestId);
      if (location === undefined) return undefined;
      const entry = await writer.readEntry(location.file, location.offset, location.bytes);
      return entry?.requestId === requestId ? presentEntry(entry) : undefined;
    },
    flush: () => writer.flush(),
    maintain: () => writer.maintain(),
    close: () => writer.close(),
  };
}
