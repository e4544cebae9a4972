import type { OAuthEndpoints } from "./oauth-endpoints";
import type { OAuthHttp, OAuthRoute } from "./oauth-http";
import type { OAuthTokenSet } from "./oauth-token-set";

/**
 * One provider's login, as data plus a few hooks. The engine (oauth-service.ts, token-manager.ts) runs every flow
 * the same way: authorization code + PKCE, device code, refresh, import; the definition says which of those the
 * provider offers and how its client shapes each request.
 */
export interface OAuthFlowDefinition {
  /** The provider id: model prefix and `/api/oauth/<id>/…` segment. */
  providerId: string;
  /**
   * The catalog's name for this login (`ProviderDefinition.oauthFlow`: `claude-code`, `codex`…), accepted in the
   * route segment as an alias of the provider id.
   */
  flowName?: string;
  displayName: string;
  /** For the provider entry created on first connect, when the built-in catalog does not list the provider. */
  apiFormat: "anthropic-messages" | "openai-responses" | "gemini" | "openai-chat";
  /** The real client's values (overridable field by field). */
  endpoints: OAuthEndpoints;
  authorizationCode?: AuthorizationCodeSpec;
  device?: DeviceFlowSpec;
  refresh: RefreshSpec;
  /** Who logged in and what upstream calls need, once tokens are in hand. */
  describeLogin(context: LoginContext): Promise<LoginProfile>;
  /**
   * After a refresh: identity changes the new tokens reveal (Codex's id token carries the plan; Qwen's answer may
   * name another API host). `answer` is the token endpoint's raw answer (empty after a custom refresh). Absent: the
   * identity and extras stay as they were.
   */
  describeRefresh?(tokens: OAuthTokenSet, previous: LoginProfile, answer: Readonly<Record<string, unknown>>): Partial<LoginProfile>;
  /** Token import from the provider's own CLI (pasted file content). Absent: the provider offers none. */
  importCredentials?(pasted: unknown, now: number): ImportedCredentials;
  /**
   * Import from the provider's desktop install on the server's own machine, read from its fixed per-OS location
   * (Cursor's state database), never from a path a client names. Absent: the provider offers none.
   */
  localInstall?: LocalInstallSpec;
  /**
   * Shown with the provider's connections (`status`): what the user must know before connecting, such as a
   * service shut down upstream (iFlow) or a free tier that ended (Qwen).
   */
  notice?: string;
}

/** Where the server process runs: the provider's install is looked for there. */
export interface LocalEnvironment {
  /** `process.platform`. */
  platform: string;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface LocalInstallSpec {
  /** The file the install keeps its login in on this OS; undefined when the provider ships nothing for it. */
  locate(environment: LocalEnvironment): string | undefined;
  /** Reads the login from that file (read-only); throws an OAuthFlowError saying what is wrong. */
  read(file: string, now: number): ImportedCredentials;
}

export interface AuthorizationCodeSpec {
  /**
   * - `app-callback`: the provider redirects to our own `/api/oauth/<id>/callback` (Google's installed-app clients
   *   accept any loopback redirect).
   * - `loopback`: the client only accepts a fixed localhost redirect (Codex `localhost:1455/auth/callback`, Claude
   *   Code `localhost:<port>/callback`): a short-lived listener on 127.0.0.1 takes it.
   * - `paste`: the provider only redirects to a fixed URI no server can receive (Kiro's `kiro://` app link,
   *   `endpoints.manualRedirectUri`): the user copies it from the browser and pastes it into `exchange`.
   */
  redirect: "app-callback" | "loopback" | "paste";
  /** Loopback: the path the listener answers (`/auth/callback`). */
  loopbackPath?: string;
  /** The provider only accepts loopback redirect hosts: a remote dashboard's origin is replaced by localhost. */
  loopbackHostsOnly?: boolean;
  /** Parameters the real client adds to the authorize URL (`access_type=offline`, `codex_cli_simplified_flow`…). */
  extraAuthorizeParams: Readonly<Record<string, string>>;
  /** How the code exchange is posted. */
  tokenEncoding: "form" | "json";
  /** Claude's token endpoint wants the state in the exchange too. */
  sendStateToTokenEndpoint?: boolean;
  /** Send `client_secret` with the exchange (installed-app clients). */
  sendClientSecret?: boolean;
  /**
   * The authorize URL's parameters, for a provider that does not take the standard OAuth set (iFlow names the
   * redirect `redirect` and uses no PKCE; Kiro's social login names the identity provider). Replaces the standard
   * parameters; `extraAuthorizeParams` still come first.
   */
  authorizeParams?(input: AuthorizeParamsInput): Record<string, string>;
  /**
   * The code exchange, for a provider whose token endpoint is not the standard grant (iFlow's HTTP Basic client
   * authentication, Kiro's JSON body on its own auth service). Resolves with the answer under RFC names
   * (`access_token`…); throws a TokenEndpointError.
   */
  exchangeCode?(context: CodeExchangeContext): Promise<Record<string, unknown>>;
  /** The identity providers the login offers (Kiro: Google, Github), the first being the default. */
  identityProviders?: readonly string[];
}

export interface AuthorizeParamsInput {
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: readonly string[];
  /** S256 challenge of the login's PKCE verifier. */
  codeChallenge: string;
  /** One of `identityProviders`, when the flow offers a choice. */
  identityProvider?: string;
}

export interface CodeExchangeContext {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  state: string;
  endpoints: OAuthEndpoints;
  http: OAuthHttp;
  route: OAuthRoute;
}

export interface RefreshSpec {
  /**
   * Refresh once the access token has less than this left. Chosen per provider to match its own client: eager
   * refreshing is what got peers' Codex accounts forced into re-verification (docs/OAUTH.md).
   */
  marginMs: number;
  /** A token of unknown expiry is refreshed once it is this old (Codex: 8 days); absent: only after a 401. */
  maxAgeWithoutExpiryMs?: number;
  encoding: "form" | "json";
  /** Ask for the granted scopes again (Claude Code does). */
  sendScope?: boolean;
  sendClientSecret?: boolean;
  /**
   * The flow's own refresh, when it is not the standard refresh-token grant: GitHub Copilot's token exchange,
   * Kiro's AWS client-bound and social refreshes, iFlow's grant followed by the API-key read. Resolves with the
   * whole new token set; throws a TokenEndpointError (`rejected`: the account becomes auth-failed, with its
   * `reason` when given; `transient`: tried again later).
   */
  custom?(context: RefreshContext): Promise<OAuthTokenSet>;
}

export interface RefreshContext {
  tokens: OAuthTokenSet;
  endpoints: OAuthEndpoints;
  http: OAuthHttp;
  now: number;
  route: OAuthRoute;
}

export interface LoginContext {
  /** How the tokens were obtained. */
  method: "authorization-code" | "device" | "import";
  tokens: OAuthTokenSet;
  /** The token endpoint's raw answer (Claude puts the account there). Empty for imported credentials. */
  tokenResponse: Readonly<Record<string, unknown>>;
  endpoints: OAuthEndpoints;
  http: OAuthHttp;
  now: number;
  /** Waits between onboarding polls; injectable so tests need not wait. */
  sleep(milliseconds: number): Promise<void>;
  /** A device login's poll state (Kiro's AWS client registration travels in it); absent for other methods. */
  pollState?: Readonly<Record<string, string>>;
}

export interface LoginIdentity {
  email?: string;
  accountId?: string;
  plan?: string;
}

export interface LoginProfile {
  identity: LoginIdentity;
  /** `OAuthSession.extras`: what the upstream call needs beside the token. */
  extras: Record<string, string>;
  /**
   * What the upstream is called with, when it is not the token the login gave: GitHub Copilot stores the
   * exchanged Copilot token (the GitHub token moves to `secrets`), iFlow the API key its user info names.
   */
  session?: Partial<Pick<OAuthTokenSet, "accessToken" | "refreshToken" | "expiresAt" | "refreshAt" | "secrets">>;
  /** The account's name when the identity has no email (a GitHub login name). */
  displayName?: string;
}

export interface ImportedCredentials {
  tokens: OAuthTokenSet;
  /** What the file itself says about the login (Claude's `subscriptionType`); describeLogin adds the rest. */
  hints: LoginIdentity;
}

/** A device-code login (RFC 8628, or a provider's own variant such as Codex's device auth). */
export interface DeviceFlowSpec {
  start(context: DeviceContext): Promise<DeviceAuthorizationStart>;
  /** One poll. Never throws for an answer the protocol defines; a failure is `{kind: "failed"}`. */
  poll(context: DeviceContext, pollState: Readonly<Record<string, string>>): Promise<DevicePollOutcome>;
}

export interface DeviceContext {
  providerId: string;
  endpoints: OAuthEndpoints;
  http: OAuthHttp;
  now: number;
}

export interface DeviceAuthorizationStart {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInMs: number;
  intervalMs: number;
  /** What polling needs (device code, PKCE verifier…). Kept in memory only, never sent to the browser. */
  pollState: Readonly<Record<string, string>>;
}

export type DevicePollOutcome =
  | { kind: "pending" }
  | { kind: "slow-down"; intervalMs?: number }
  | { kind: "expired" }
  | { kind: "denied" }
  | { kind: "tokens"; response: Readonly<Record<string, unknown>> }
  | { kind: "failed"; message: string };
