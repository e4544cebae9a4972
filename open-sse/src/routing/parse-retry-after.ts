// How long an upstream asks us to wait before calling it again, in milliseconds, from whatever the provider put in
// the headers or the error body. Pure: no clock read (the caller passes `nowMs`), no I/O, never throws.
//
// Sources, most precise first; the first one that yields a usable number wins:
//   1. `retry-after-ms` (OpenAI, Azure)                           milliseconds
//   2. `retry-after`                                              seconds (may be fractional) or an HTTP-date
//   3. `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens`  OpenAI/Groq duration strings ("1s", "6m0s", "20ms")
//   4. `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`  RFC 3339 timestamps
//   5. Google `error.details[]` RetryInfo `retryDelay` ("37s"), then ErrorInfo `metadata.quotaResetDelay` /
//      `quotaResetTimeStamp` (Gemini Code Assist)
//   6. the error message: "… resets at <ISO date>", "Please try again in 1m30s", "try again in 20 seconds"
//
// Rate-limit window headers (3 and 4) are sent on EVERY response, successes included, and describe when a window
// refills — only meaningful once that window is what failed. So the caller passes them only for a 429 / quota
// failure (`classifyFailure` strips them for everything else). When several windows are given, the one whose
// `…-remaining-…` header is "0" is the one that was hit; failing that we take the largest reset, since waiting for
// the earlier one could just produce another 429.

export type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined | null;

const openAiResetHeaders = [
  ["x-ratelimit-reset-requests", "x-ratelimit-remaining-requests"],
  ["x-ratelimit-reset-tokens", "x-ratelimit-remaining-tokens"],
] as const;

const anthropicResetHeaders = [
  ["anthropic-ratelimit-requests-reset", "anthropic-ratelimit-requests-remaining"],
  ["anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-tokens-remaining"],
  ["anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-input-tokens-remaining"],
  ["anthropic-ratelimit-output-tokens-reset", "anthropic-ratelimit-output-tokens-remaining"],
] as const;

export const rateLimitWindowHeaderNames: readonly string[] = [
  ...openAiResetHeaders.flat(),
  ...anthropicResetHeaders.flat(),
];

export function parseRetryAfter(headers: HeaderBag, body: unknown, nowMs: number): number | undefined {
  try {
    const read = headerReader(headers);
    const now = Number.isFinite(nowMs) ? nowMs : 0;
    return (
      fromRetryAfterMs(read("retry-after-ms")) ??
      fromRetryAfter(read("retry-after"), now) ??
      fromWindowHeaders(openAiResetHeaders, read, (value) => parseDuration(value)) ??
      fromWindowHeaders(anthropicResetHeaders, read, (value) => untilTimestamp(value, now)) ??
      fromBody(body, now)
    );
  } catch {
    // Garbage in must never turn a failed upstream call into a crashed request.
    return undefined;
  }
}

/** Parses Go/OpenAI-style durations ("1h2m3.5s", "6m0s", "20ms", "37s") and bare numbers as seconds. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return finite(Number(trimmed) * 1000);
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(trimmed);
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined;
  const [, hours, minutes, seconds, millis] = match;
  return finite(
    Number(hours ?? 0) * 3_600_000 + Number(minutes ?? 0) * 60_000 + Number(seconds ?? 0) * 1000 + Number(millis ?? 0),
  );
}

function headerReader(headers: HeaderBag): (name: string) => string | undefined {
  if (!headers || typeof headers !== "object") return () => undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    return (name) => headers.get(name) ?? undefined;
  }
  const lowered = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") lowered.set(key.toLowerCase(), first);
    else if (typeof first === "number") lowered.set(key.toLowerCase(), String(first));
  }
  return (name) => lowered.get(name);
}

function fromRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return finite(Number(value));
}

function fromRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return finite(Number(trimmed) * 1000);
  // A bare negative number is invalid, not "retry now"; only HTTP-dates go to Date.parse.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  return untilTimestamp(trimmed, nowMs);
}

function fromWindowHeaders(
  pairs: ReadonlyArray<readonly [reset: string, remaining: string]>,
  read: (name: string) => string | undefined,
  toMs: (value: string) => number | undefined,
): number | undefined {
  let exhausted: number | undefined;
  let largest: number | undefined;
  for (const [resetName, remainingName] of pairs) {
    const resetValue = read(resetName);
    if (resetValue === undefined) continue;
    const ms = toMs(resetValue);
    if (ms === undefined) continue;
    largest = Math.max(largest ?? 0, ms);
    if (read(remainingName)?.trim() === "0") exhausted = Math.max(exhausted ?? 0, ms);
  }
  return exhausted ?? largest;
}

function fromBody(body: unknown, nowMs: number): number | undefined {
  const parsed = typeof body === "string" ? tryParseJson(body) : body;
  // Gemini streams errors as a one-element array.
  const root = Array.isArray(parsed) ? parsed[0] : parsed;
  const error = isRecord(root) && isRecord(root.error) ? root.error : root;
  const fromDetails = isRecord(error) ? fromGoogleDetails(error.details, nowMs) : undefined;
  if (fromDetails !== undefined) return fromDetails;
  const messages: string[] = [];
  if (typeof body === "string") messages.push(body);
  if (isRecord(error) && typeof error.message === "string") messages.push(error.message);
  if (isRecord(root) && typeof root.message === "string") messages.push(root.message);
  if (isRecord(root) && typeof root.error === "string") messages.push(root.error);
  for (const message of messages) {
    const found = fromMessage(message, nowMs);
    if (found !== undefined) return found;
  }
  return undefined;
}

function fromGoogleDetails(details: unknown, nowMs: number): number | undefined {
  if (!Array.isArray(details)) return undefined;
  let quotaReset: number | undefined;
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const type = typeof detail["@type"] === "string" ? detail["@type"] : "";
    if (type.endsWith("google.rpc.RetryInfo")) {
      const delay = googleDuration(detail.retryDelay);
      if (delay !== undefined) return delay;
    }
    if (type.endsWith("google.rpc.ErrorInfo") && isRecord(detail.metadata) && quotaReset === undefined) {
      const { quotaResetDelay, quotaResetTimeStamp } = detail.metadata;
      quotaReset =
        (typeof quotaResetDelay === "string" ? parseDuration(quotaResetDelay) : undefined) ??
        (typeof quotaResetTimeStamp === "string" ? untilTimestamp(quotaResetTimeStamp, nowMs) : undefined);
    }
  }
  return quotaReset;
}

/** protobuf Duration in JSON ("37s", "1.5s") or as an object ({ seconds, nanos }). */
function googleDuration(value: unknown): number | undefined {
  if (typeof value === "string") return parseDuration(value);
  if (isRecord(value)) {
    const seconds = Number(value.seconds ?? 0);
    const nanos = Number(value.nanos ?? 0);
    if (!Number.isFinite(seconds) || !Number.isFinite(nanos)) return undefined;
    return finite(seconds * 1000 + nanos / 1e6);
  }
  return undefined;
}

const unitMs: Record<string, number> = { ms: 1, millisecond: 1, s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000 };

function fromMessage(message: string, nowMs: number): number | undefined {
  const text = message.slice(0, 4000);
  // "Your quota will reset at 2026-11-26T00:00:00Z", "resets at 2026-11-26 00:00:00 UTC"
  const resetAt = /\bresets?\s+(?:at|on)\s+(\d{4}-\d{2}-\d{2}[T ][0-9:.]+(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?)/i.exec(text);
  if (resetAt?.[1]) {
    const normalised = resetAt[1].replace(" ", "T").replace(/\s*UTC$/i, "Z");
    const until = untilTimestamp(normalised, nowMs);
    if (until !== undefined) return until;
  }
  // "Please try again in 20s.", "try again in 1m30s", "try again in 6m0.5s", "retry after 30 seconds"
  const tryAgain = /\b(?:try again|retry)\s+(?:in|after)\s+([0-9][0-9hms.]*)(?:\s*(milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?)\b)?/i.exec(text);
  if (tryAgain?.[1]) {
    const amount = tryAgain[1].replace(/\.$/, "");
    const word = tryAgain[2]?.toLowerCase().replace(/s$/, "");
    if (word && /^\d+(\.\d+)?$/.test(amount)) {
      const factor = unitMs[word];
      if (factor !== undefined) return finite(Number(amount) * factor);
    }
    if (!word) return parseDuration(amount);
  }
  return undefined;
}

function untilTimestamp(value: string, nowMs: number): number | undefined {
  const at = Date.parse(value.trim());
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil(at - nowMs));
}

function finite(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 ? Math.ceil(ms) : undefined;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
