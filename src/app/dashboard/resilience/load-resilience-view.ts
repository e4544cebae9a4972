/**
 * The Resilience page's first state, read from the engine's in-memory routing state (no I/O): breakers,
 * cooldowns, retry budget and per-account limits, and the configured providers' names.
 */
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import type { ProviderNames, ResilienceState } from "@/components/resilience/resilience-data";

export type ResilienceView = { isAttached: false } | { isAttached: true; state: ResilienceState; names: ProviderNames; providerIds: string[] };

export function loadResilienceView(): ResilienceView {
  const runtime = findHostRuntime();
  const resilience = runtime?.resilience;
  if (runtime === undefined || resilience === undefined) return { isAttached: false };
  const providers = [...runtime.configStore.getSnapshot().providers.values()];
  const names: ProviderNames = {};
  for (const provider of providers) {
    names[provider.id] = { displayName: provider.displayName, accounts: Object.fromEntries(provider.accounts.map((account) => [account.id, account.name])) };
  }
  const snapshot = resilience.snapshot();
  return {
    isAttached: true,
    state: { ...snapshot, accounts: resilience.accountLimits.snapshot(providers), readAt: Date.now() },
    names,
    providerIds: providers.map((provider) => provider.id),
  };
}
