import type { AccountRuntime, ComboRuntime, ProviderRuntime } from "../../ports";
import { EnvironmentProxies } from "./environment-proxy";

export interface ProxyResolutionInput {
  account?: Pick<AccountRuntime, "proxyUrl"> | undefined;
  combo?: Pick<ComboRuntime, "proxyUrl"> | undefined;
  /** Its `proxyUrl` already holds the global proxy when the provider has none of its own (the host fills it so). */
  provider?: Pick<ProviderRuntime, "proxyUrl"> | undefined;
  /** Where the call goes: the environment's proxy and `NO_PROXY` depend on its scheme, host and port. */
  targetUrl: string;
  /** The process environment, or an `EnvironmentProxies` already made from it (read once, cached per origin). */
  env?: Readonly<Record<string, string | undefined>> | EnvironmentProxies;
}

/** One parsed environment per env object: `process.env` is read once, not per request. */
const parsedEnvironments = new WeakMap<object, EnvironmentProxies>();

/**
 * The outbound proxy for one upstream call, by precedence: the account's own → the combo's → the provider's (or
 * the global one, which the host puts in `ProviderRuntime.proxyUrl` when the provider has none) → the environment
 * (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` minus `NO_PROXY`). Undefined: a direct connection.
 *
 * Configured proxies are not subject to `NO_PROXY`: that list belongs to the environment's proxy, and a user who set
 * a proxy on an account meant it. Whatever is returned is then mandatory: a proxy that fails fails the call.
 */
export function resolveProxyUrl(input: ProxyResolutionInput): string | undefined {
  return configuredProxyUrl(input) ?? environmentProxies(input.env ?? process.env).proxyFor(input.targetUrl);
}

/** The configured levels only (account → combo → provider/global); undefined: the environment decides. */
export function configuredProxyUrl(input: Omit<ProxyResolutionInput, "targetUrl" | "env">): string | undefined {
  return nonEmpty(input.account?.proxyUrl) ?? nonEmpty(input.combo?.proxyUrl) ?? nonEmpty(input.provider?.proxyUrl);
}

export function environmentProxies(env: Readonly<Record<string, string | undefined>> | EnvironmentProxies): EnvironmentProxies {
  if (env instanceof EnvironmentProxies) return env;
  let parsed = parsedEnvironments.get(env);
  if (parsed === undefined) {
    parsed = new EnvironmentProxies(env);
    parsedEnvironments.set(env, parsed);
  }
  return parsed;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
