import type { ProviderRuntime } from "../ports";
import type { ResilienceProfileName } from "./circuit-breaker";

/**
 * Which breaker profile a provider gets: subscription backends (an executor, or accounts signed in with OAuth)
 * use the `oauth` profile — few, precious accounts on flappier upstreams — and everything else `api-key`.
 * An unknown provider (removed since) keeps the default.
 */
export function resilienceProfileOf(provider: ProviderRuntime | undefined): ResilienceProfileName {
  if (provider === undefined) return "api-key";
  if (provider.executor !== undefined) return "oauth";
  return provider.accounts.some((account) => account.credentials !== undefined) ? "oauth" : "api-key";
}
