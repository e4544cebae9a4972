import type { IncomingHttpHeaders } from "node:http";

import { isJsonObject, type JsonObject } from "../../formats/shared/json-fields";
import {
  COPILOT_EDITOR_PLUGIN_VERSION,
  COPILOT_EDITOR_VERSION,
  COPILOT_INTERNAL_API_VERSION,
  COPILOT_USER_AGENT,
} from "../../upstream/executors/copilot-token";
import { clampPercent, epochMillis, headerValue, percentWindow, type QuotaObservation } from "./quota-observation";

/**
 * GitHub Copilot's quota: the monthly premium-request allowance (Pro 300, Pro+ 1500, Business/Enterprise per
 * seat; the Free plan counts chat messages and completions instead), reset on the 1st of each month (UTC).
 *
 * Two readings, both as VS Code reads them (microsoft/vscode extensions/copilot/src/platform/chat/common/
 * chatQuotaServiceImpl.ts; field names in src/vs/base/common/defaultAccount.ts `IEntitlementsData`):
 * - the user endpoint `GET https://api.github.com/copilot_internal/user` (GitHub OAuth token as `token …`):
 *   `quota_snapshots.{premium_interactions, chat, completions}` each `{entitlement, remaining,
 *   percent_remaining, unlimited, overage_count, overage_permitted}` and `quota_reset_date` (`2026-08-01`) /
 *   `quota_reset_date_utc`; older Free accounts answer `limited_user_quotas {chat, completions}` (remaining) with
 *   `monthly_quotas` (the allowance) and `limited_user_reset_date`;
 * - the headers on every completion: `x-quota-snapshot-premium_models` (newer) or
 *   `x-quota-snapshot-premium_interactions`, `x-quota-snapshot-chat` (Free), and the rate windows
 *   `x-usage-ratelimit-session` / `x-usage-ratelimit-weekly`, each URL-encoded `ent=300&rem=87.5&ov=0&ovPerm=false
 *   &rst=2026-08-01T00:00:00Z` where `rem` is the percent REMAINING (so used = 100 − rem) and `ent` -1 means
 *   unlimited.
 * Unlimited allowances produce no window (the host's own counts still show usage).
 */
export const DEFAULT_COPILOT_USER_URL = "https://api.github.com/copilot_internal/user";

/** The user endpoint call; `userUrl` is the config-file override (mock servers in tests). */
export function copilotUserInfoRequest(githubToken: string, options: { userUrl?: string } = {}) {
  return {
    url: options.userUrl ?? DEFAULT_COPILOT_USER_URL,
    method: "GET" as const,
    headers: {
      authorization: `token ${githubToken}`,
      accept: "application/json",
      "editor-version": COPILOT_EDITOR_VERSION,
      "editor-plugin-version": COPILOT_EDITOR_PLUGIN_VERSION,
      "user-agent": COPILOT_USER_AGENT,
      "x-github-api-version": COPILOT_INTERNAL_API_VERSION,
    },
  };
}

/** Windows from the user endpoint's JSON; `now` places the reset on the next 1st when the answer names none. */
export function copilotQuotaFromUserInfo(body: unknown, now: number): QuotaObservation[] {
  if (!isJsonObject(body)) return [];
  const resetsAt = epochMillis(stringOrUndefined(body.quota_reset_date_utc)) ?? epochMillis(stringOrUndefined(body.quota_reset_date)) ?? epochMillis(stringOrUndefined(body.limited_user_reset_date)) ?? firstOfNextMonth(now);
  const windows: QuotaObservation[] = [];
  const snapshots = isJsonObject(body.quota_snapshots) ? body.quota_snapshots : undefined;
  if (snapshots !== undefined) {
    for (const name of ["premium_interactions", "chat", "completions"]) {
      const snapshot = snapshots[name];
      if (isJsonObject(snapshot)) {
        const window = snapshotWindow(name, snapshot, resetsAt);
        if (window !== undefined) windows.push(window);
      }
    }
    return windows;
  }
  // Older Free-plan answers: what is left, and the monthly allowance beside it.
  const remaining = isJsonObject(body.limited_user_quotas) ? body.limited_user_quotas : undefined;
  const allowance = isJsonObject(body.monthly_quotas) ? body.monthly_quotas : undefined;
  if (remaining === undefined || allowance === undefined) return windows;
  for (const name of ["chat", "completions"]) {
    const left = remaining[name];
    const limit = allowance[name];
    if (typeof left !== "number" || typeof limit !== "number" || limit <= 0) continue;
    windows.push({ name, used: Math.max(0, limit - left), limit, usedPercent: clampPercent(((limit - left) / limit) * 100), unit: "requests", resetsAt });
  }
  return windows;
}

function snapshotWindow(name: string, snapshot: JsonObject, resetsAt: number): QuotaObservation | undefined {
  if (snapshot.unlimited === true) return undefined;
  const entitlement = typeof snapshot.entitlement === "number" && snapshot.entitlement > 0 ? snapshot.entitlement : null;
  const remaining = typeof snapshot.remaining === "number" ? snapshot.remaining : typeof snapshot.quota_remaining === "number" ? snapshot.quota_remaining : null;
  const percentRemaining = typeof snapshot.percent_remaining === "number" ? snapshot.percent_remaining : null;
  const usedPercent = percentRemaining !== null ? clampPercent(100 - percentRemaining) : entitlement !== null && remaining !== null ? clampPercent(((entitlement - remaining) / entitlement) * 100) : null;
  return {
    name,
    used: entitlement !== null && remaining !== null ? Math.max(0, Math.round((entitlement - remaining) * 100) / 100) : null,
    limit: entitlement,
    usedPercent,
    unit: "requests",
    resetsAt,
  };
}

/** Windows from one completion's response headers (see the file comment); undefined when none is present. */
export function copilotQuotaFromHeaders(headers: IncomingHttpHeaders): QuotaObservation[] | undefined {
  const windows: QuotaObservation[] = [];
  const premium = headerValue(headers, "x-quota-snapshot-premium_models") ?? headerValue(headers, "x-quota-snapshot-premium_interactions");
  for (const [name, value] of [
    ["premium_interactions", premium],
    ["chat", headerValue(headers, "x-quota-snapshot-chat")],
  ] as const) {
    if (value === undefined) continue;
    const snapshot = new URLSearchParams(value);
    const entitlement = Number.parseInt(snapshot.get("ent") ?? "", 10);
    if (entitlement === -1) continue;
    windows.push({
      name,
      usedPercent: usedFromRemaining(snapshot.get("rem")),
      used: null,
      limit: Number.isFinite(entitlement) && entitlement > 0 ? entitlement : null,
      unit: "requests",
      resetsAt: epochMillis(snapshot.get("rst") ?? undefined) ?? null,
    });
  }
  for (const [name, header] of [
    ["session", "x-usage-ratelimit-session"],
    ["weekly", "x-usage-ratelimit-weekly"],
  ] as const) {
    const value = headerValue(headers, header);
    if (value === undefined) continue;
    const snapshot = new URLSearchParams(value);
    windows.push(percentWindow(name, usedFromRemaining(snapshot.get("rem")), epochMillis(snapshot.get("rst") ?? undefined) ?? null));
  }
  return windows.length > 0 ? windows : undefined;
}

function usedFromRemaining(remaining: string | null): number | null {
  if (remaining === null || remaining.trim() === "") return null;
  const value = Number(remaining);
  return Number.isFinite(value) ? clampPercent(100 - Math.min(100, Math.max(0, value))) : null;
}

/** 00:00 UTC on the 1st of the month after `now`: when Copilot's monthly allowance resets. */
export function firstOfNextMonth(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
