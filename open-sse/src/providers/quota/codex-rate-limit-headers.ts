import type { IncomingHttpHeaders } from "node:http";
import { tryParseJson, isJsonObject } from "../../formats/shared/json-fields";
import { clampPercent, epochMillis, headerValue, numberValue, percentWindow, type QuotaObservation } from "./quota-observation";

/**
 * ChatGPT (Codex) plan quota, read off the `x-codex-*` headers the Codex backend sends with every answer, 429s
 * included (codex-rs/codex-api/src/rate_limits.rs in openai/codex is the official reader):
 *
 *   x-codex-primary-used-percent:        42.5        percent USED of the window (not left)
 *   x-codex-primary-window-minutes:      300         the 5-hour window
 *   x-codex-primary-reset-at:            1704069000  epoch seconds
 *   x-codex-primary-reset-after-seconds: 8520        older servers: seconds until the reset
 *   x-codex-secondary-*                              the weekly window (10080 minutes)
 *   x-<family>-primary-*, x-<family>-limit-name      other limit families (`x-codex-bengalfox-*` for one model)
 *
 * As in the official client, a window is read only when its used-percent header parses, and ignored when it says
 * nothing (0 % used, no window length, no reset).
 */
const USED_SUFFIX = "-primary-used-percent";
const SECONDARY_USED_SUFFIX = "-secondary-used-percent";

export function codexQuotaFromHeaders(headers: IncomingHttpHeaders, now: number): QuotaObservation[] | undefined {
  const families = new Set<string>();
  for (const name of Object.keys(headers)) {
    if (!name.startsWith("x-")) continue;
    for (const suffix of [USED_SUFFIX, SECONDARY_USED_SUFFIX]) {
      if (name.endsWith(suffix)) families.add(name.slice(2, -suffix.length));
    }
  }
  const windows: QuotaObservation[] = [];
  for (const family of [...families].sort((a, b) => (a === "codex" ? -1 : b === "codex" ? 1 : a.localeCompare(b)))) {
    // The default family is the plan's own; any other names one model's limit (its `limit-name` says which).
    const label = family === "codex" ? undefined : (headerValue(headers, `x-${family}-limit-name`) ?? family);
    for (const which of ["primary", "secondary"] as const) {
      const window = readWindow(headers, `x-${family}-${which}`, which, now);
      if (window === undefined) continue;
      windows.push(label === undefined ? window : { ...window, name: `${label} ${window.name}`, scope: "model" });
    }
  }
  return windows.length === 0 ? undefined : windows;
}

function readWindow(headers: IncomingHttpHeaders, prefix: string, which: "primary" | "secondary", now: number): QuotaObservation | undefined {
  const used = numberValue(headerValue(headers, `${prefix}-used-percent`));
  if (used === undefined) return undefined;
  const minutes = numberValue(headerValue(headers, `${prefix}-window-minutes`));
  const resetAt = epochMillis(headerValue(headers, `${prefix}-reset-at`));
  const resetAfter = numberValue(headerValue(headers, `${prefix}-reset-after-seconds`));
  const resetsAt = resetAt ?? (resetAfter !== undefined && resetAfter >= 0 ? now + Math.round(resetAfter * 1000) : undefined);
  const hasData = used !== 0 || (minutes !== undefined && minutes !== 0) || resetsAt !== undefined;
  if (!hasData) return undefined;
  return percentWindow(windowName(minutes, which), clampPercent(used), resetsAt ?? null);
}

/** 300 → `5h`, 10080 → `weekly`, 1440 → `daily`; without a length, the family's slot name. */
function windowName(minutes: number | undefined, which: "primary" | "secondary"): string {
  if (minutes === undefined || minutes <= 0) return which;
  if (minutes === 10_080) return "weekly";
  if (minutes === 1_440) return "daily";
  if (minutes % 1_440 === 0) return `${minutes / 1_440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/**
 * The body of a Codex 429 when the plan is spent: `{"error":{"type":"usage_limit_reached","message":…,
 * "plan_type":"plus","resets_at":1758000000,"resets_in_seconds":3600}}` (decolua/9router open-sse/executors/
 * codex.js reads the same two fields). A spent window with its exact reset.
 */
export function codexQuotaFromErrorBody(body: string, now: number): QuotaObservation[] | undefined {
  const parsed = tryParseJson(body);
  const error = isJsonObject(parsed) && isJsonObject(parsed.error) ? parsed.error : undefined;
  if (error === undefined) return undefined;
  const kind = typeof error.type === "string" ? error.type : typeof error.code === "string" ? error.code : undefined;
  if (kind !== "usage_limit_reached") return undefined;
  const resetAt = typeof error.resets_at === "number" ? epochMillis(error.resets_at) : undefined;
  const resetIn = typeof error.resets_in_seconds === "number" && error.resets_in_seconds >= 0 ? now + Math.round(error.resets_in_seconds * 1000) : undefined;
  return [percentWindow("usage limit", 100, resetAt ?? resetIn ?? null)];
}

/**
 * The ChatGPT usage endpoint (`GET https://chatgpt.com/backend-api/wham/usage`, what Codex's `/status` shows):
 * `{"plan_type":"plus","rate_limit":{"primary_window":{"used_percent":42,"limit_window_seconds":18000,
 * "reset_at":1790000000},"secondary_window":{…}}}`. For the host's quota endpoint.
 */
export function codexQuotaFromUsageEndpoint(body: unknown): QuotaObservation[] {
  const rateLimit = isJsonObject(body) && isJsonObject(body.rate_limit) ? body.rate_limit : undefined;
  if (rateLimit === undefined) return [];
  const windows: QuotaObservation[] = [];
  for (const [key, which] of [["primary_window", "primary"], ["secondary_window", "secondary"]] as const) {
    const window = rateLimit[key];
    if (!isJsonObject(window) || typeof window.used_percent !== "number") continue;
    const seconds = typeof window.limit_window_seconds === "number" ? window.limit_window_seconds : undefined;
    const resetsAt = typeof window.reset_at === "number" ? epochMillis(window.reset_at) : undefined;
    windows.push(percentWindow(windowName(seconds === undefined ? undefined : seconds / 60, which), clampPercent(window.used_percent), resetsAt ?? null));
  }
  return windows;
}
