import { isJsonObject } from "../../formats/shared/json-fields";
import { clampPercent, epochMillis, percentWindow, type QuotaObservation } from "./quota-observation";

/**
 * Claude's usage endpoint (`GET https://api.anthropic.com/api/oauth/usage` with the OAuth bearer and
 * `anthropic-beta: oauth-2025-04-20`; what Claude Code's `/usage` shows), for the host's quota endpoint. Two shapes
 * are in the wild, both with PERCENT figures (0–100, unlike the headers' 0..1 fractions):
 *
 *   {"five_hour":{"utilization":12,"resets_at":"2026-09-28T23:00:00Z"},"seven_day":{…},"seven_day_opus":{…}}
 *   {"limits":[{"kind":"session"|"weekly_all"|"weekly_scoped","percent":35,"resets_at":"…",
 *               "scope":{"model":{"display_name":"Opus"}}}]}
 *
 * Sources: open-source usage monitors calling this endpoint (e.g. the `UsageWindows` / `UsageApiLimit` readers
 * indexed from GitHub); the names match the header windows (`5h`, `weekly`, `weekly-<model>`).
 */
export function claudeQuotaFromUsageEndpoint(body: unknown): QuotaObservation[] {
  if (!isJsonObject(body)) return [];
  const windows: QuotaObservation[] = [];
  if (Array.isArray(body.limits)) {
    for (const limit of body.limits.filter(isJsonObject)) {
      const percent = typeof limit.percent === "number" ? clampPercent(limit.percent) : null;
      const resetsAt = resetOf(limit.resets_at);
      const model = isJsonObject(limit.scope) && isJsonObject(limit.scope.model) && typeof limit.scope.model.display_name === "string" ? limit.scope.model.display_name : undefined;
      switch (limit.kind) {
        case "session":
          windows.push(percentWindow("5h", percent, resetsAt));
          break;
        case "weekly_all":
          windows.push(percentWindow("weekly", percent, resetsAt));
          break;
        case "weekly_scoped":
          windows.push(percentWindow(`weekly-${(model ?? "scoped").toLowerCase()}`, percent, resetsAt, "model"));
          break;
      }
    }
    return windows;
  }
  for (const [key, value] of Object.entries(body)) {
    if (!isJsonObject(value)) continue;
    const utilization = typeof value.utilization === "number" ? value.utilization : typeof value.used_percentage === "number" ? value.used_percentage : undefined;
    if (utilization === undefined) continue;
    const name = key === "five_hour" ? "5h" : key === "seven_day" ? "weekly" : key.startsWith("seven_day_") ? `weekly-${key.slice("seven_day_".length)}` : undefined;
    if (name === undefined) continue;
    windows.push(percentWindow(name, clampPercent(utilization), resetOf(value.resets_at), key.startsWith("seven_day_") ? "model" : undefined));
  }
  return windows;
}

function resetOf(value: unknown): number | null {
  return (typeof value === "string" || typeof value === "number" ? epochMillis(value) : undefined) ?? null;
}
