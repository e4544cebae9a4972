import { isJsonObject, tryParseJson, type JsonObject } from "../../formats/shared/json-fields";
import { parseDuration } from "../../routing/parse-retry-after";
import { clampPercent, epochMillis, type QuotaObservation } from "./quota-observation";

/**
 * Gemini CLI and Antigravity (the Code Assist API) send no quota headers: a spent quota shows only in the 429's
 * `google.rpc` error details (google-gemini/gemini-cli packages/core/src/utils/googleQuotaErrors.ts reads them):
 *
 *   {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"You have exhausted your capacity on this model…",
 *     "details":[
 *       {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA_EXHAUSTED","domain":"cloudcode-pa.googleapis.com",
 *        "metadata":{"model":"gemini-2.5-pro","quotaResetDelay":"539.477544ms","quotaResetTimeStamp":"2025-10-20T19:14:08Z"}},
 *       {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.539477544s"},
 *       {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"RequestsPerDay-…"}]}]}}
 *
 * `QUOTA_EXHAUSTED` (the plan's allowance) and `RATE_LIMIT_EXCEEDED` (a short window) are quota windows of the
 * account on that model; `MODEL_CAPACITY_EXHAUSTED` is Google's own capacity, not the user's quota, and yields none.
 * The window is spent (100 %) until the reset the details name: the timestamp, else the delay, else RetryInfo.
 */
const QUOTA_REASONS = new Set(["QUOTA_EXHAUSTED", "RATE_LIMIT_EXCEEDED"]);

export function googleQuotaFromErrorBody(body: string, now: number): QuotaObservation[] | undefined {
  const parsed = tryParseJson(body);
  const root = Array.isArray(parsed) ? parsed[0] : parsed;
  const error = isJsonObject(root) && isJsonObject(root.error) ? root.error : undefined;
  const details = error !== undefined && Array.isArray(error.details) ? error.details.filter(isJsonObject) : [];
  const errorInfo = details.find((detail) => typeOf(detail).endsWith("google.rpc.ErrorInfo"));
  const reason = typeof errorInfo?.reason === "string" ? errorInfo.reason : undefined;
  const quotaIds = details
    .filter((detail) => typeOf(detail).endsWith("google.rpc.QuotaFailure"))
    .flatMap((detail) => (Array.isArray(detail.violations) ? detail.violations.filter(isJsonObject) : []))
    .map((violation) => (typeof violation.quotaId === "string" ? violation.quotaId : ""))
    .filter((id) => id !== "");
  if (!(reason !== undefined && QUOTA_REASONS.has(reason)) && quotaIds.length === 0) return undefined;

  const metadata: JsonObject = isJsonObject(errorInfo?.metadata) ? errorInfo.metadata : {};
  const model = typeof metadata.model === "string" && metadata.model !== "" ? metadata.model : undefined;
  const retryInfo = details.find((detail) => typeOf(detail).endsWith("google.rpc.RetryInfo"));
  const delay =
    (typeof metadata.quotaResetDelay === "string" ? parseDuration(metadata.quotaResetDelay) : undefined) ??
    (typeof retryInfo?.retryDelay === "string" ? parseDuration(retryInfo.retryDelay) : undefined);
  const resetsAt =
    (typeof metadata.quotaResetTimeStamp === "string" ? epochMillis(metadata.quotaResetTimeStamp) : undefined) ??
    (delay === undefined ? undefined : now + delay);
  const period = periodOf(quotaIds, reason);
  return [
    {
      name: model === undefined ? period : `${period} ${model}`,
      usedPercent: 100,
      used: 100,
      limit: 100,
      unit: "percent",
      resetsAt: resetsAt ?? null,
      // Code Assist quotas are per model: a spent one leaves the account's other models usable.
      ...(model !== undefined || quotaIds.some((id) => /permodel/i.test(id)) ? { scope: "model" as const } : {}),
    },
  ];
}

function periodOf(quotaIds: readonly string[], reason: string | undefined): string {
  const ids = quotaIds.join(" ");
  if (/perday|daily/i.test(ids)) return "daily";
  if (/perminute/i.test(ids)) return "per-minute";
  if (/persecond/i.test(ids)) return "per-second";
  return reason === "RATE_LIMIT_EXCEEDED" ? "rate-limit" : "quota";
}

function typeOf(detail: JsonObject): string {
  return typeof detail["@type"] === "string" ? detail["@type"] : "";
}

/**
 * Code Assist `v1internal:retrieveUserQuota` (what Gemini CLI's `/stats` shows): `{"buckets":[{"modelId":
 * "gemini-2.5-pro","tokenType":"REQUESTS","remainingFraction":0.8,"remainingAmount":"800","resetTime":
 * "2026-11-30T00:00:00Z"}]}` (packages/core/src/code_assist/types.ts `BucketInfo`). The API says what is LEFT;
 * the window says what is USED: used = 1 − remaining. For the host's quota endpoint.
 */
export function codeAssistQuotaFromBuckets(body: unknown): QuotaObservation[] {
  const buckets = isJsonObject(body) && Array.isArray(body.buckets) ? body.buckets.filter(isJsonObject) : [];
  const windows: QuotaObservation[] = [];
  for (const bucket of buckets) {
    const remainingFraction = typeof bucket.remainingFraction === "number" ? bucket.remainingFraction : undefined;
    const remaining = typeof bucket.remainingAmount === "string" && /^\d+$/.test(bucket.remainingAmount) ? Number(bucket.remainingAmount) : undefined;
    const usedPercent = remainingFraction === undefined ? null : clampPercent((1 - Math.min(1, Math.max(0, remainingFraction))) * 100);
    // The limit follows from what is left and the fraction left, when both are known and the fraction is not 0.
    const limit = remaining !== undefined && remainingFraction !== undefined && remainingFraction > 0 ? Math.round(remaining / remainingFraction) : null;
    const unit = typeof bucket.tokenType === "string" && bucket.tokenType.toUpperCase() === "TOKENS" ? "tokens" : "requests";
    const model = typeof bucket.modelId === "string" ? bucket.modelId : undefined;
    windows.push({
      name: model === undefined ? "daily" : `daily ${model}`,
      usedPercent,
      used: limit !== null && remaining !== undefined ? limit - remaining : null,
      limit,
      unit,
      resetsAt: (typeof bucket.resetTime === "string" ? epochMillis(bucket.resetTime) : undefined) ?? null,
      ...(model !== undefined ? { scope: "model" as const } : {}),
    });
  }
  return windows;
}
