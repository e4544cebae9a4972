/**
 * Quota windows per account, from the quota service the usage accounting runs (src/lib/server/quota): what the
 * upstreams revealed and what omniroute counts against declared windows. Undefined when the server has none.
 */
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import type { AccountQuota } from "@/lib/server/quota/quota-service";

export async function loadQuotaAccounts(): Promise<AccountQuota[] | undefined> {
  const quota = findHostRuntime()?.usageAccounting?.quota;
  if (quota === undefined || typeof quota.accounts !== "function") return undefined;
  // The service notices declared windows lazily (a config file applied at start, a window added since) and counts
  // a new one from SQLite a moment later; until then its use reads "unknown". Waiting for that count here shows
  // the real figure (0 of 100 on a fresh install) on the first visit.
  if (typeof quota.refresh === "function") await quota.refresh().catch(() => undefined);
  // Accounts with no window to show (most API-key accounts) would only be noise.
  return quota
    .accounts()
    .filter((account) => account.windows.length > 0)
    .sort((left, right) => left.provider.localeCompare(right.provider) || (left.accountName ?? left.accountId).localeCompare(right.accountName ?? right.accountId));
}
