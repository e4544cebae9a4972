/**
 * The Resilience page's data, as `/api/resilience` and `/api/rate-limits` answer it (the server renders the
 * first state from the same objects), plus the names the engine's ids stand for.
 */
import type { AccountLimitView } from "../../../open-sse/src/routing/account-limiter";
import type { BreakerSnapshot } from "../../../open-sse/src/routing/circuit-breaker";
import type { CooldownEntry } from "../../../open-sse/src/routing/cooldown-book";
import type { RetryBudgetSnapshot } from "../../../open-sse/src/routing/retry-budget";

export interface ResilienceState {
  breakers: BreakerSnapshot[];
  cooldowns: CooldownEntry[];
  retryBudget: RetryBudgetSnapshot;
  accounts: AccountLimitView[];
  /** Epoch ms of the read, by the server's clock. */
  readAt: number;
}

export interface ProviderNames {
  /** providerId → display name and account id → account name, for every configured provider. */
  [providerId: string]: { displayName: string; accounts: Record<string, string> };
}

export function providerLabel(names: ProviderNames, providerId: string): string {
  return names[providerId]?.displayName ?? providerId;
}

export function accountLabel(names: ProviderNames, providerId: string, accountId: string): string {
  return names[providerId]?.accounts[accountId] ?? accountId;
}

/** Reads the two API answers; undefined when either is not what the page expects. */
export function resilienceStateOf(resilience: unknown, rateLimits: unknown, readAt: number): ResilienceState | undefined {
  if (!isRecord(resilience) || !isRecord(rateLimits)) return undefined;
  const { breakers, cooldowns, retryBudget } = resilience;
  const { accounts } = rateLimits;
  if (!Array.isArray(breakers) || !Array.isArray(cooldowns) || !isRecord(retryBudget) || !Array.isArray(accounts)) return undefined;
  return {
    breakers: breakers as BreakerSnapshot[],
    cooldowns: cooldowns as CooldownEntry[],
    retryBudget: retryBudget as unknown as RetryBudgetSnapshot,
    accounts: accounts as AccountLimitView[],
    readAt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
