import { clampPercent, type QuotaObservation } from "../../../../../open-sse/src/providers/quota/quota-observation";
import type { LoginIdentity } from "../oauth-flow-definition";
import type { OAuthRoute } from "../oauth-http";
import { isRecord } from "../token-endpoint";

/**
 * Kiro's (CodeWhisperer's) `GET {host}/getUsageLimits?isEmailRequired=true&origin=AI_EDITOR&resourceType=
 * AGENTIC_REQUEST[&profileArn=…]` with the login's bearer token, as the Kiro IDE asks it (the parameters as
 * AIClient-2-API and kiro.rs send them):
 *
 *   {"nextDateReset": 1785542400, "userInfo": {"email": "…", "userId": "d-…"},
 *    "subscriptionInfo": {"subscriptionTitle": "KIRO FREE", "type": "Q_DEVELOPER_STANDALONE_FREE"},
 *    "usageBreakdownList": [{"resourceType": "AGENTIC_REQUEST", "currentUsage": 12, "usageLimit": 50,
 *      "currentUsageWithPrecision": 12.5, "usageLimitWithPrecision": 50, "nextDateReset": 1785542400,
 *      "freeTrialInfo": {"currentUsage": 0, "usageLimit": 100, "freeTrialExpiry": 1790000000}}]}
 *
 * The login uses it to learn who logged in (AWS's token answer names no one); the quota API reads the usage: one
 * window per resource type (used of the limit, reset at `nextDateReset`, Unix seconds) and one per free trial.
 */
export function kiroUsageLimitsRequest(url: string, accessToken: string, profileArn: string | undefined, route: OAuthRoute) {
  const target = new URL(url);
  target.searchParams.set("isEmailRequired", "true");
  target.searchParams.set("origin", "AI_EDITOR");
  target.searchParams.set("resourceType", "AGENTIC_REQUEST");
  if (profileArn !== undefined) target.searchParams.set("profileArn", profileArn);
  return { method: "GET" as const, url: target.toString(), route, headers: { authorization: `Bearer ${accessToken}` } };
}

export function kiroIdentityFromUsageLimits(body: unknown): LoginIdentity {
  if (!isRecord(body)) return {};
  const user = isRecord(body.userInfo) ? body.userInfo : {};
  const subscription = isRecord(body.subscriptionInfo) ? body.subscriptionInfo : {};
  const email = stringOf(user.email);
  const accountId = stringOf(user.userId);
  const plan = stringOf(subscription.subscriptionTitle) ?? stringOf(subscription.type);
  return {
    ...(email === undefined ? {} : { email }),
    ...(accountId === undefined ? {} : { accountId }),
    ...(plan === undefined ? {} : { plan }),
  };
}

export function kiroQuotaFromUsageLimits(body: unknown): QuotaObservation[] {
  if (!isRecord(body) || !Array.isArray(body.usageBreakdownList)) return [];
  const accountReset = resetOf(body.nextDateReset);
  const windows: QuotaObservation[] = [];
  for (const entry of body.usageBreakdownList) {
    if (!isRecord(entry)) continue;
    const name = stringOf(entry.resourceType) ?? "usage";
    const window = usageWindow(name, entry.currentUsageWithPrecision ?? entry.currentUsage, entry.usageLimitWithPrecision ?? entry.usageLimit, resetOf(entry.nextDateReset) ?? accountReset);
    if (window !== undefined) windows.push(window);
    const trial = isRecord(entry.freeTrialInfo) ? entry.freeTrialInfo : undefined;
    if (trial !== undefined) {
      const trialWindow = usageWindow(
        `${name}-free-trial`,
        trial.currentUsageWithPrecision ?? trial.currentUsage,
        trial.usageLimitWithPrecision ?? trial.usageLimit,
        resetOf(trial.freeTrialExpiry),
      );
      if (trialWindow !== undefined) windows.push(trialWindow);
    }
  }
  return windows;
}

function usageWindow(name: string, usedValue: unknown, limitValue: unknown, resetsAt: number | null): QuotaObservation | undefined {
  const used = typeof usedValue === "number" && Number.isFinite(usedValue) ? usedValue : undefined;
  const limit = typeof limitValue === "number" && Number.isFinite(limitValue) ? limitValue : undefined;
  if (used === undefined || limit === undefined || limit <= 0) return undefined;
  return { name, used, limit, usedPercent: clampPercent((used / limit) * 100), unit: "requests", resetsAt };
}

/** Unix seconds (AWS JSON timestamps) → epoch ms. */
function resetOf(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
