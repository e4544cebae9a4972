/**
 * Every URL and client id one login flow talks to. Each flow ships the real values of the provider's own client
 * (docs/OAUTH.md says where each came from); the config file's `oauth` section and, for tests, the
 * `OMNIROUTE_OAUTH_OVERRIDES` environment variable replace any of them (oauth-overrides-schema.ts), so that every
 * flow runs end to end against tester/mock-oauth.
 */
export interface OAuthEndpoints {
  clientId: string;
  /** Installed-app clients (Google) ship a "secret" that is public by design; absent for PKCE-only clients. */
  clientSecret?: string;
  authorizeUrl?: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** The port of the short-lived loopback listener (Codex 1455, Claude Code 54545). */
  callbackPort?: number;
  /** A fixed redirect URI; wins over the one the flow computes (loopback listener or our callback route). */
  redirectUri?: string;
  /** A provider page that shows the code for the user to paste (Claude's and Google's "manual" login). */
  manualRedirectUri?: string;
  /** Device authorization (RFC 8628 `device_authorization_endpoint`, or the provider's own user-code endpoint). */
  deviceCodeUrl?: string;
  /** Where a device flow is polled; absent: `tokenUrl`. */
  deviceTokenUrl?: string;
  /** The page the user opens to enter the code, when the device endpoint does not return it. */
  deviceVerificationUrl?: string;
  /** Codex's device login ends in an authorization code exchanged with this redirect URI. */
  deviceRedirectUri?: string;
  /** Who logged in (Google's userinfo). */
  userinfoUrl?: string;
  /** Claude's OAuth profile (organization type → plan). */
  profileUrl?: string;
  /** Code Assist base (`…/v1internal`) for project discovery and onboarding (Gemini CLI, Antigravity). */
  codeAssistUrl?: string;
  /** The provider's usage/quota endpoint. */
  quotaUrl?: string;
  /**
   * A second token the upstream calls need, traded for the login's own (GitHub Copilot:
   * `api.github.com/copilot_internal/v2/token` turns the GitHub token into the short-lived Copilot token).
   */
  tokenExchangeUrl?: string;
  /** AWS SSO OIDC `RegisterClient` (`/client/register`): the client a device login runs under (Kiro). */
  clientRegistrationUrl?: string;
  /** The AWS access portal a Builder ID device login starts at (`https://view.awsapps.com/start`). */
  startUrl?: string;
  /** Kiro's social login (Google/GitHub): its code exchange, refresh, and the API host its tokens call. */
  socialTokenUrl?: string;
  socialRefreshUrl?: string;
  socialApiEndpoint?: string;
}

export type OAuthEndpointOverrides = Partial<OAuthEndpoints>;

/** The flow's defaults with the overrides laid over them, field by field (an override never unsets a field). */
export function applyEndpointOverrides(defaults: OAuthEndpoints, ...layers: readonly (OAuthEndpointOverrides | undefined)[]): OAuthEndpoints {
  const merged: OAuthEndpoints = { ...defaults, scopes: [...defaults.scopes] };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer) as [keyof OAuthEndpoints, unknown][]) {
      if (value === undefined) continue;
      (merged as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...(value as string[])] : value;
    }
  }
  return merged;
}

/** The value, or an error naming the missing setting (a flow used for something its provider does not offer). */
export function requiredEndpoint(endpoints: OAuthEndpoints, key: keyof OAuthEndpoints, providerId: string): string {
  const value = endpoints[key];
  if (typeof value !== "string" || value === "") throw new Error(`OAuth flow ${providerId} has no ${key} configured`);
  return value;
}
