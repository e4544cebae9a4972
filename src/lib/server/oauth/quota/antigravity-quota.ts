import { clampPercent, epochMillis, percentWindow, type QuotaObservation } from "../../../../../open-sse/src/providers/quota/quota-observation";
import { isRecord } from "../token-endpoint";

/**
 * Antigravity's `POST v1internal:fetchAvailableModels {project}` (what open-source Antigravity quota monitors read):
 *
 *   {"models":{"claude-sonnet-4-5":{"displayName":"…","quotaInfo":{"remainingFraction":0.8,"resetTime":"2026-…Z"}},…}}
 *
 * The API says what is LEFT; a window says what is USED: used = 1 − remaining. A model whose `quotaInfo` has no
 * `remainingFraction` has none left: proto3 JSON leaves zero values out. Models without `quotaInfo` have no quota to
 * show. One window per model, scoped to it (a spent model leaves the others usable).
 */
export function antigravityQuotaFromModels(body: unknown): QuotaObservation[] {
  const models = isRecord(body) && isRecord(body.models) ? body.models : {};
  const windows: QuotaObservation[] = [];
  for (const [modelId, model] of Object.entries(models)) {
    if (!isRecord(model) || !isRecord(model.quotaInfo)) continue;
    const remaining = typeof model.quotaInfo.remainingFraction === "number" ? model.quotaInfo.remainingFraction : 0;
    const usedPercent = clampPercent((1 - Math.min(1, Math.max(0, remaining))) * 100);
    const resetsAt = typeof model.quotaInfo.resetTime === "string" ? (epochMillis(model.quotaInfo.resetTime) ?? null) : null;
    windows.push(percentWindow(modelId, usedPercent, resetsAt, "model"));
  }
  return windows;
}
