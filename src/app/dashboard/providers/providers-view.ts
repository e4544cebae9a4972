import { oauthServiceOf } from "@/lib/server/oauth/oauth-route-handlers";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { listProviders } from "@/lib/server/services/providers/list-providers";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

import type { OAuthCapabilities } from "@/lib/server/oauth/oauth-service";

export type { OAuthCapabilities };

export interface ProvidersPageView {
  providers: ProviderView[];
  /** Per OAuth provider id: which login flows the server offers; absent when the OAuth engine is not attached. */
  oauth: Record<string, OAuthCapabilities>;
  isSocks5Enabled: boolean;
  /** ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE: a custom node may hold more than one connection. */
  allowsMultipleNodeConnections: boolean;
}

/** The catalog with every connection (keys masked) and what each OAuth login offers; undefined without the engine. */
export function loadProvidersView(): ProvidersPageView | undefined {
  const runtime = findRuntime();
  const dependencies = providersDependenciesFrom(runtime);
  if (dependencies === undefined) return undefined;
  const providers = listProviders(dependencies);
  const service = oauthServiceOf(runtime);
  const oauth: Record<string, OAuthCapabilities> = {};
  if (service !== undefined) {
    for (const provider of providers) {
      if (provider.auth !== "oauth") continue;
      try {
        oauth[provider.id] = service.capabilities(provider.id);
      } catch {
        // A catalog entry whose login flow is not registered: shown without connect buttons.
      }
    }
  }
  return {
    providers,
    oauth,
    isSocks5Enabled: dependencies.env.ENABLE_SOCKS5_PROXY === "true" || process.env.NEXT_PUBLIC_ENABLE_SOCKS5_PROXY === "true",
    allowsMultipleNodeConnections: dependencies.env.ALLOW_MULTI_CONNECTIONS_PER_COMPAT_NODE === "true",
  };
}
