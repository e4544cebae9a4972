import type { OAuthCapabilities as PageOAuthCapabilities } from "@/app/dashboard/providers/providers-view";
import type { OAuthCapabilities as ServerOAuthCapabilities } from "@/lib/server/oauth/oauth-service";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";

/**
 * The shapes the connect panel exchanges with `/api/oauth/[provider]/[action]` (oauth-route-handlers.ts is the
 * reference), shared by the panel's per-flow components.
 */

/** Every flag `status` answers (`localImport`, `identityProviders` beside the page's four). */
export type ConnectCapabilities = ServerOAuthCapabilities;

/**
 * The page passes the service's capability object as it is, so the extra fields are there at run time even though
 * the page's type names only four; read them defensively until `status` answers.
 */
export function connectCapabilitiesOf(given: PageOAuthCapabilities): ConnectCapabilities {
  const extra = given as Partial<ServerOAuthCapabilities>;
  return {
    authorize: given.authorize,
    manual: given.manual,
    deviceCode: given.deviceCode,
    import: given.import,
    localImport: extra.localImport === true,
    identityProviders: Array.isArray(extra.identityProviders) ? extra.identityProviders.filter((name): name is string => typeof name === "string") : [],
  };
}

/** `POST device-code` */
export interface DeviceFlowStart {
  flowId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: string;
  /** Seconds between polls. */
  interval: number;
}

/** `POST poll` */
export interface DevicePollAnswer {
  status: "pending" | "slow_down" | "connected" | "expired" | "denied" | "error";
  interval?: number;
  message?: string;
  connection?: { name: string };
}

/** `POST authorize` */
export interface AuthorizeResult {
  authorizeUrl: string;
  state: string;
  expiresAt: string;
  redirectUri: string;
  completion: "callback" | "loopback" | "paste";
}

/** `POST exchange` and `POST import` */
export interface ConnectAnswer {
  connection: { name: string };
  created: boolean;
}

/** `GET status` (the parts the panel reads). */
export interface OAuthStatusAnswer {
  capabilities: ConnectCapabilities;
  notice: string | null;
  connections: { name: string }[];
}

export function oauthBase(provider: ProviderView): string {
  return `/api/oauth/${encodeURIComponent(provider.id)}`;
}

/** The identity providers as people spell them (the server takes its own spelling, any case). */
export function identityProviderName(identityProvider: string): string {
  const known: Record<string, string> = { github: "GitHub", google: "Google" };
  return known[identityProvider.toLowerCase()] ?? identityProvider;
}
