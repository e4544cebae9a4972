// Turns one failed upstream attempt into the bookkeeping class the router acts on (cooldown, breaker, auth-failed).
// Whatever the class, the combo still advances before the first byte; the class only decides the bookkeeping.
// Pure: a function of status, headers, body, transport error code and in-band error, plus the caller's clock.
import { type HeaderBag, parseRetryAfter, rateLimitWindowHeaderNames } from "./parse-retry-after";

export type UpstreamFailureKind =
  | "rate-limit"
  | "quota"
  | "auth"
  | "invalid-request"
  | "context-length"
  | "model-unavailable"
  | "server"
  | "timeout"
  | "network"
  | "in-band";

/** What a cooldown applies to: the whole account, one (account, model) pair, or nothing beyond this request. */
export type UpstreamFailureScope = "account" | "model" | "request";

export interface UpstreamFailure {
  kind: UpstreamFailureKind;
  scope: UpstreamFailureScope;
  retryAfterMs?: number;
  countsTowardBreaker: boolean;
  statusCode?: number;
}

export interface UpstreamFailureInput {
  status?: number;
  headers?: HeaderBag;
  /** The error response body: parsed JSON or the raw text. */
  body?: unknown;
  /** undici / Node error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …) when no usable response arrived. */
  transportCode?: string;
  /** An error object seen as the first event of an HTTP 200 stream. */
  inBandError?: unknown;
}

// The breaker measures the PROVIDER's health, so only failures that say something about it count:
const breakerCounts: Record<UpstreamFailureKind, boolean> = {
  server: true, // 5xx / 529: the provider is failing or overloaded.
  timeout: true, // the provider did not answer in time.
  network: true, // the provider (or the path to it) is unreachable.
  "in-band": true, // a 200 stream that opened with an error is a provider fault dressed as success.
  "rate-limit": false, // this account's window is full; other accounts of the same provider are fine.
  quota: false, // this account's credits/plan ran out; says nothing about the provider.
  auth: false, // this account's key is revoked or lacks permission.
  "invalid-request": false, // the request itself is bad for this provider; another request would succeed.
  "context-length": false, // the prompt is too big for this model; not the provider's fault.
  "model-unavailable": false, // this model is missing or not enabled for this account; others still work.
};

const timeoutCodes = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "TIMEOUTERROR", // AbortSignal.timeout()'s DOMException name
]);

export function classifyFailure(input: UpstreamFailureInput, nowMs: number): UpstreamFailure {
  try {
    return classify(input ?? {}, nowMs);
  } catch {
    // Unreachable by design (every read is guarded), but a classifier must never turn a failure into a crash.
    return build("server", "account", statusOf(input));
  }
}

/** The undici / Node error code of a failed call (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …), for `transportCode`. */
export function transportCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
}

function classify(input: UpstreamFailureInput, nowMs: number): UpstreamFailure {
  const status = statusOf(input);
  const transportCode = typeof input.transportCode === "string" ? input.transportCode.trim().toUpperCase() : "";

  // A transport error means no usable response arrived (or the body never finished): the status, if any, is moot.
  if (transportCode !== "") {
    return build(timeoutCodes.has(transportCode) ? "timeout" : "network", "account", status);
  }

  if (input.inBandError !== undefined && input.inBandError !== null && (status === undefined || status < 300)) {
    return classifyInBand(input, status, nowMs);
  }

  if (status === undefined) return build("network", "account", undefined);

  const body = normaliseBody(input.body);
  const text = searchableText(body);
  const retryAfter = (rateWindows: boolean) =>
    parseRetryAfter(rateWindows ? input.headers : withoutRateWindows(input.headers), body ?? input.body, nowMs);

  if (status === 429) return classifyResourceExhausted(body, text, status, retryAfter(true));
  if (status === 402) return build("quota", "account", status, retryAfter(true));
  if (status === 408) return build("timeout", "account", status);

  if (status === 401) return build("auth", "account", status);
  if (status === 403) {
    if (modelUnavailablePattern.test(text)) return build("model-unavailable", "model", status);
    if (quotaPattern.test(text)) return build("quota", "account", status, retryAfter(true));
    if (moderationPattern.test(text)) return build("invalid-request", "request", status);
    return build("auth", "account", status);
  }

  if (status === 404 || status === 410) return build("model-unavailable", "model", status);

  if (status >= 400 && status < 500) {
    if (contextLengthPattern.test(text)) return build("context-length", "request", status);
    // Gemini answers a bad key with 400 INVALID_ARGUMENT; Anthropic an empty balance with 400.
    if (status === 400 && authPattern.test(text)) return build("auth", "account", status);
    if (quotaPattern.test(text)) return build("quota", "account", status, retryAfter(true));
    if ((status === 400 || status === 422) && modelUnavailablePattern.test(text)) {
      return build("model-unavailable", "model", status);
    }
    return build("invalid-request", "request", status);
  }

  if (status >= 500) return build("server", "account", status, retryAfter(false));

  // A 2xx/3xx reported as a failure with nothing attached: an empty or truncated stream, a stray redirect.
  return build("in-band", "account", status, retryAfter(false));
}

function classifyInBand(input: UpstreamFailureInput, status: number | undefined, nowMs: number): UpstreamFailure {
  const event = normaliseBody(input.inBandError);
  const text = searchableText(event);
  const retryAfter = parseRetryAfter(withoutRateWindows(input.headers), event ?? input.inBandError, nowMs);
  const error = errorObject(event);
  const type = lower(error?.type);
  const code = lower(error?.code);
  const googleStatus = lower(error?.status);
  if (type === "rate_limit_error" || code === "rate_limit_exceeded" || type === "rate_limit_exceeded" || code === "429" || googleStatus === "resource_exhausted") {
    const rateLimit = classifyResourceExhausted(event, text, status, retryAfter);
    return rateLimit;
  }
  if (quotaPattern.test(text)) return build("quota", "account", status, retryAfter);
  // overloaded_error, api_error and anything else: the provider failed after promising success.
  return build("in-band", "account", status, retryAfter);
}

/** 429 (or an in-band rate-limit error): a full window → rate-limit; exhausted credits/plan/daily quota → quota. */
function classifyResourceExhausted(
  body: unknown,
  text: string,
  status: number | undefined,
  retryAfterMs: number | undefined,
): UpstreamFailure {
  // Google's ErrorInfo names what ran out (Code Assist: Gemini CLI, Antigravity), the strongest evidence there is.
  const quotaIds = googleQuotaIds(body);
  const errorInfo = googleErrorInfo(body);
  if (errorInfo !== undefined && isQuotaExhaustion(errorInfo, retryAfterMs)) {
    // Code Assist quotas are per model (metadata.model): the account's other models stay usable.
    const perModel = errorInfo.model !== undefined || [...quotaIds, errorInfo.quotaLimit].some((id) => /permodel/i.test(id));
    return build("quota", perModel ? "model" : "account", status, retryAfterMs);
  }
  // Gemini says "You exceeded your current quota" for per-minute limits too; its QuotaFailure detail names the
  // window, which is the better evidence: a per-minute/per-second window is a rate limit, anything else is quota.
  if (quotaIds.length > 0) {
    const perModel = quotaIds.some((id) => /permodel/i.test(id));
    const shortWindow = quotaIds.every((id) => /per(minute|second)/i.test(id));
    return build(shortWindow ? "rate-limit" : "quota", perModel ? "model" : "account", status, retryAfterMs);
  }
  // "Quota exceeded for … requests per minute" (Vertex and others) is a rate limit spelled as a quota.
  const quotaWording = quotaPattern.test(text) && !(shortWindowPattern.test(text) && !hardQuotaPattern.test(text));
  if (quotaWording || dailyLimitPattern.test(text)) return build("quota", "account", status, retryAfterMs);
  // OpenAI/Groq name the model whose limit was reached: "Rate limit reached for gpt-4o in organization …".
  const perModel = /rate limit reached for (model )?[`'"]?[\w./:-]+[`'"]? in organization/i.test(text);
  return build("rate-limit", perModel ? "model" : "account", status, retryAfterMs);
}

const quotaPattern = new RegExp(
  [
    "insufficient_quota",
    "exceeded your current quota",
    "credit balance is too low",
    "insufficient[ _](balance|credits?|funds)",
    "out of credits",
    "requires more credits",
    "billing_hard_limit_reached",
    "billing_not_active",
    "billing details",
    "payment required",
    "quota (has been )?exhausted",
    "quota exceeded",
    "usage limit (reached|exceeded)",
    "reached your (usage|spending) limit",
  ].join("|"),
  "i",
);

const shortWindowPattern = /per[- _]?(minute|second)|\b(rpm|tpm)\b/i;
const hardQuotaPattern = /insufficient|credit|billing|balance|payment/i;

// OpenRouter's free models, Gemini's RPD: a per-day window is a quota for cooldown purposes.
const dailyLimitPattern = /per[- _]?day|daily (limit|quota)|requests per day/i;

const contextLengthPattern = new RegExp(
  [
    "context_length_exceeded",
    "maximum context length",
    "context length",
    "context window",
    "prompt is too long",
    "input is too long",
    "input token count.{0,60}exceeds",
    "too many (input )?tokens",
    "reduce the length of the messages",
  ].join("|"),
  "i",
);

const modelUnavailablePattern = new RegExp(
  [
    "model_not_found",
    "model[ _]not[ _]found",
    "unknown model",
    "invalid model",
    "not a valid model",
    "no endpoints found",
    "unsupported model",
    "model\\b.{0,80}(does not exist|is not supported|not supported|is not available|is not found|not found)",
    "models/.{0,80}is not found",
    "(does not have|do not have|don't have|has no|no) access to (the )?model",
    "not allowed to use (the )?model",
    "location is not supported",
    "not available in your (region|country|location)",
  ].join("|"),
  "i",
);

const authPattern = /api_key_invalid|api key not valid|invalid api key|invalid x-api-key|incorrect api key|invalid_api_key|authentication_error|unauthenticated/i;

const moderationPattern = /flagged|moderation/i;

function build(
  kind: UpstreamFailureKind,
  scope: UpstreamFailureScope,
  statusCode: number | undefined,
  retryAfterMs?: number,
): UpstreamFailure {
  const failure: UpstreamFailure = { kind, scope, countsTowardBreaker: breakerCounts[kind] };
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  if (statusCode !== undefined) failure.statusCode = statusCode;
  return failure;
}

function statusOf(input: UpstreamFailureInput | undefined): number | undefined {
  const status = input?.status;
  return typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 999 ? status : undefined;
}

/** The rate-limit window headers describe the window, not an outage: drop them for non-rate-limit failures. */
function withoutRateWindows(headers: HeaderBag): HeaderBag {
  if (!headers || typeof headers !== "object") return undefined;
  const kept: Record<string, string | string[] | undefined> = {};
  const entries: Iterable<[string, string | string[] | undefined]> =
    typeof Headers !== "undefined" && headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (!rateLimitWindowHeaderNames.includes(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

function normaliseBody(body: unknown): unknown {
  if (typeof body !== "string") return Array.isArray(body) ? body[0] : body;
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } catch {
    return body;
  }
}

/** Lower-cased text of the body for wording checks; bounded so a huge HTML error page costs little. */
function searchableText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body.slice(0, 16_000).toLowerCase();
  try {
    return (JSON.stringify(body) ?? "").slice(0, 16_000).toLowerCase();
  } catch {
    return "";
  }
}

function errorObject(body: unknown): Record<string, unknown> | undefined {
  if (!isRecord(body)) return undefined;
  return isRecord(body.error) ? body.error : body;
}

function googleQuotaIds(body: unknown): string[] {
  const details = errorObject(body)?.details;
  if (!Array.isArray(details)) return [];
  const ids: string[] = [];
  for (const detail of details) {
    if (!isRecord(detail) || typeof detail["@type"] !== "string" || !detail["@type"].endsWith("google.rpc.QuotaFailure")) continue;
    if (!Array.isArray(detail.violations)) continue;
    for (const violation of detail.violations) {
      if (!isRecord(violation)) continue;
      const id = [violation.quotaId, violation.quotaMetric].filter((part) => typeof part === "string").join(" ");
      if (id !== "") ids.push(id);
    }
  }
  return ids;
}

/** What a `google.rpc.ErrorInfo` detail says about a 429 (`reason`, `metadata`), when the body has one. */
interface GoogleErrorInfo {
  reason: string;
  /** `metadata.model`: the model whose quota this is (Code Assist). */
  model: string | undefined;
  /** `metadata.quota_limit` (Google APIs' quota name, e.g. `…PerDay…`); "" when absent. */
  quotaLimit: string;
  /** `metadata.quotaResetDelay` / `quotaResetTimeStamp`: Code Assist names when a spent quota window refills. */
  hasQuotaReset: boolean;
}

function googleErrorInfo(body: unknown): GoogleErrorInfo | undefined {
  const details = errorObject(body)?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (!isRecord(detail) || typeof detail["@type"] !== "string" || !detail["@type"].endsWith("google.rpc.ErrorInfo")) continue;
    const metadata = isRecord(detail.metadata) ? detail.metadata : {};
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    return {
      reason: text(detail.reason).toUpperCase(),
      model: text(metadata.model) === "" ? undefined : text(metadata.model),
      quotaLimit: text(metadata.quota_limit),
      hasQuotaReset: text(metadata.quotaResetDelay) !== "" || text(metadata.quotaResetTimeStamp) !== "",
    };
  }
  return undefined;
}

/** A wait longer than this on a rate limit means the window will not refill soon (Gemini CLI calls it terminal). */
const LOCKED_OUT_MS = 5 * 60_000;

/**
 * Whether an ErrorInfo reason means a spent quota rather than a full rate window:
 * - `QUOTA_EXHAUSTED` (the plan's allowance on a model), `INSUFFICIENT_G1_CREDITS_BALANCE` (no credits left): always;
 * - `RATE_LIMIT_EXCEEDED`: when it carries quota metadata — a quota reset time, or a `quota_limit` that is not a
 *   per-minute/per-second window — or asks for a wait past `LOCKED_OUT_MS`; otherwise it is a rate limit.
 * Any other reason (`MODEL_CAPACITY_EXHAUSTED` is Google's own capacity) leaves the decision to the other evidence.
 */
function isQuotaExhaustion(info: GoogleErrorInfo, retryAfterMs: number | undefined): boolean {
  if (info.reason === "QUOTA_EXHAUSTED" || info.reason === "INSUFFICIENT_G1_CREDITS_BALANCE") return true;
  if (info.reason !== "RATE_LIMIT_EXCEEDED") return false;
  if (info.quotaLimit !== "") return !/per(minute|second)/i.test(info.quotaLimit);
  return info.hasQuotaReset || (retryAfterMs !== undefined && retryAfterMs > LOCKED_OUT_MS);
}

function lower(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value).toLowerCase() : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
