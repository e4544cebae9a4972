import type { AccountRuntime, ProviderRuntime } from "../ports";

/**
 * Chooses the account for a provider: round-robin (fair across concurrent requests, one counter per
 * provider) or priority (lowest number first). Cooldown-aware skipping arrives with the routing issue.
 */
export class AccountPicker {
  private readonly cursors = new Map<string, number>();

  /** Accounts in the order they should be tried for this request. */
  order(provider: ProviderRuntime): readonly AccountRuntime[] {
    const accounts = provider.accounts;
    if (accounts.length <= 1) return accounts;
    if (provider.strategy === "priority") {
      return [...accounts].sort((left, right) => left.priority - right.priority);
    }
    const cursor = this.cursors.get(provider.id) ?? 0;
    this.cursors.set(provider.id, (cursor + 1) % accounts.length);
    return [...accounts.slice(cursor), ...accounts.slice(0, cursor)];
  }
}
