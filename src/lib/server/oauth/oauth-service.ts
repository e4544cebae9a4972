import { existsSync } from "node:fs";
import { homedir } from "node:os";
import type { AccountCredentials, OAuthSession, QuotaWindow } from "../../../../open-sse/src/ports";
import { SingleFlight } from "../../../../open-sse/src/routing/single-flight";
import type { ConfigDb } from "../config-db/open-config-db";
import { OAUTH_FLOWS } from "./flows/oauth-flows";
import { renderCallbackErrorPage } from "./oauth-callback-page";
import { connectionView, findOAuthAccount, listConnections, removeConnection, saveConnection, type ConnectionView } from "./oauth-connections";
import { applyEndpointOverrides, requiredEndpoint } from "./oauth-endpoints";
import { invalidInput, invalidState, OAuthFlowError } from "./oauth-flow-error";
import type { ImportedCredentials, LocalEnvironment, LoginContext, LoginIdentity, OAuthFlowDefinition } from "./oauth-flow-definition";
import { createOAuthHttp, type OAuthHttp, type OAuthHttpOptions } from "./oauth-http";
import { parseOAuthOverridesEnv, type OAuthOverrides } from "./oauth-overrides-schema";
import { decryptTokenSet, tokenSetFromResponse, type OAuthTokenSet } from "./oauth-token-set";
import { AUTHORIZATION_TTL_MS, PendingAuthorizations, type PendingAuthorization } from "./pending-authorizations";
import { PendingDeviceFlows, type DevicePollView } from "./pending-device-flows";
import { createOAuthState, createPkcePair } from "./pkce";
import { fetchUpstreamQuota } from "./quota/fetch-upstream-quota";
import { LoopbackListeners, type LoopbackAnswer } from "./loopback-callback-listener";
import { SLOW_DOWN_INCREMENT_MS } from "./rfc8628-device-flow";
import { requestTokens, TokenEndpointError } from "./token-endpoint";
import { createTokenManager, type OAuthLogger, type ResolvedFlow, type TokenManager } from "./token-manager";

export interface OAuthServiceOptions {
  configDb: ConfigDb;
  storageKey: Buffer;
  /** The environment: `OMNIROUTE_OAUTH_OVERRIDES` (tests and advanced use) is read from it. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The config file's `oauth` section; replaceable later with `setConfigOverrides`. */
  overrides?: OAuthOverrides;
  /** Outbound proxy per call (`dispatcherFor`) and timeouts; ignored when `http` is given. */
  httpOptions?: OAuthHttpOptions;
  /** Test seam: the transport itself. */
  http?: OAuthHttp;
  logger?: OAuthLogger;
  now?: () => number;
  sleep?: (milliseconds: number) => Promise<void>;
  /** Test seam: other flow definitions (defaults to every flow in flows/oauth-flows.ts). */
  flows?: Readonly<Record<string, OAuthFlowDefinition>>;
  /**
   * Where a provider's desktop install is looked for (Cursor's state database). Default: this process's platform,
   * home directory and `env`.
   */
  localEnvironment?: LocalEnvironment;
}

export interface AuthorizeInput {
  /** The dashboard's origin (`http://127.0.0.1:20128`): our callback route lives there. */
  origin: string;
  /** `manual`: the provider's own page shows the code to paste (Claude Code, Gemini CLI). */
  mode?: "auto" | "manual";
  /** Which identity provider to log in with, for a flow that offers a choice (Kiro: `Google`, `Github`). */
  identityProvider?: string;
}

export interface DeviceStartInput {
  /**
   * A name for the connection when the provider's login names no account (Qwen): it tells reconnects of the same
   * account apart from new ones. An email is kept as the identity's email.
   */
  label?: string;
}

export interface OAuthCapabilities {
  authorize: boolean;
  manual: boolean;
  deviceCode: boolean;
  import: boolean;
  /** A desktop install of the provider was found on the server's machine (`import {source: "local"}`). */
  localImport: boolean;
  /** The identity providers `authorize` offers (`identityProvider`); empty: no choice. */
  identityProviders: string[];
}

export interface AuthorizeResult {
  authorizeUrl: string;
  state: string;
  /** ISO time the state and PKCE verifier expire. */
  expiresAt: string;
  redirectUri: string;
  /**
   * How the login comes back: `callback` (our route, automatic), `loopback` (the local listener, automatic) or
   * `paste` (the user pastes the final redirect URL, or the code the provider shows, into `exchange`).
   */
  completion: "callback" | "loopback" | "paste";
}

export interface ExchangeInput {
  /** The URL the browser ended on (`http://localhost:1455/auth/callback?code=…&state=…`). */
  redirectUrl?: string;
  /** Or the code itself (`code#state` as Claude's manual page shows it) with the state. */
  code?: string;
  state?: string;
}

export interface ConnectResult {
  connection: ConnectionView;
  /** False: a connection of the same identity was updated. */
  created: boolean;
}

export interface DeviceStartView {
  flowId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: string;
  /** Seconds between polls. */
  interval: number;
}

export interface OAuthService {
  /** Provider ids with an OAuth login. */
  providers(): string[];
  /** What a provider's login offers (for the dashboard's buttons). */
  capabilities(providerId: string): OAuthCapabilities;
  /** What the user must know about the provider before connecting (a service shut down upstream); null: nothing. */
  notice(providerId: string): string | null;
  authorize(providerId: string, input: AuthorizeInput): Promise<AuthorizeResult>;
  /** Our callback route: the provider's redirect with `code` and `state` (or `error`). */
  completeCallback(providerId: string, query: URLSearchParams): Promise<ConnectResult>;
  /** The pasted redirect URL or code. */
  exchange(providerId: string, input: ExchangeInput): Promise<ConnectResult>;
  startDeviceFlow(providerId: string, input?: DeviceStartInput): Promise<DeviceStartView>;
  pollDeviceFlow(providerId: string, flowId: string): Promise<DevicePollView>;
  importCredentials(providerId: string, content: unknown): Promise<ConnectResult>;
  /** Imports the login of the provider's desktop install on this machine (its fixed per-OS location only). */
  importLocalInstall(providerId: string): Promise<ConnectResult>;
  status(providerId: string): ConnectionView[];
  disconnect(providerId: string, connectionId: string): Promise<void>;
  /** For `SnapshotStoreOptions.credentialsFor`. */
  credentialsFor(providerId: string, accountId: string): AccountCredentials | undefined;
  /** The subscription's own usage endpoint, as quota windows (quota/fetch-upstream-quota.ts). */
  fetchUpstreamQuota(providerId: string, session: OAuthSession, accountId?: string): Promise<QuotaWindow[]>;
  /** The config file's `oauth` section (applied at start and on every config-file apply). */
  setConfigOverrides(overrides: OAuthOverrides | undefined): void;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The OAuth engine the `/api/oauth/[provider]/[action]` routes and the snapshot builder use: the login flows
 * (authorization code + PKCE with our callback route or a loopback listener, paste, device code, import), the
 * stored connections, and the token manager. One per process, created with the runtime.
 */
export function createOAuthService(options: OAuthServiceOptions): OAuthService {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  const http = options.http ?? createOAuthHttp(options.httpOptions);
  const flows: Readonly<Record<string, OAuthFlowDefinition>> = options.flows ?? OAUTH_FLOWS;
  const envOverrides = parseOAuthOverridesEnv(options.env?.OMNIROUTE_OAUTH_OVERRIDES);
  let configOverrides = options.overrides;
  const logger = options.logger;
  const localEnvironment: LocalEnvironment = options.localEnvironment ?? {
    platform: process.platform,
    homeDir: options.env?.HOME ?? homedir(),
    env: options.env ?? process.env,
  };

  const pending = new PendingAuthorizations(now);
  const devices = new PendingDeviceFlows(now);
  const devicePolls = new SingleFlight();
  /** The dashboard that opened each loopback listener, for the link on its error page. */
  const listenerOrigins = new Map<number, string>();
  const listeners = new LoopbackListeners(
    (port, query) => answerLoopback(port, query),
    (port) => closeListenerIfIdle(port),
  );

  /** The provider id for a route segment: the id itself, or the catalog's flow name (`codex` → `cx`). */
  function providerIdOf(segment: string): string | undefined {
    if (Object.hasOwn(flows, segment)) return segment;
    return Object.values(flows).find((definition) => definition.flowName === segment)?.providerId;
  }

  function resolveFlow(segment: string): ResolvedFlow | undefined {
    const providerId = providerIdOf(segment);
    const definition = providerId === undefined ? undefined : flows[providerId];
    if (providerId === undefined || definition === undefined) return undefined;
    // The config file's values, then the environment's (tests point flows at the mock with it).
    return { definition, endpoints: applyEndpointOverrides(definition.endpoints, configOverrides?.[providerId], envOverrides?.[providerId]) };
  }

  function requireFlow(providerId: string): ResolvedFlow {
    const resolved = resolveFlow(providerId);
    if (resolved === undefined) throw new OAuthFlowError(404, "not_found", `No OAuth login for provider '${providerId}'.`);
    return resolved;
  }

  /** The provider id of a route segment; unknown: 404. */
  function canonical(segment: string): string {
    return requireFlow(segment).definition.providerId;
  }

  const tokenManager: TokenManager = createTokenManager({
    configDb: options.configDb,
    storageKey: options.storageKey,
    resolveFlow,
    http,
    now,
    ...(logger === undefined ? {} : { logger }),
  });

  const sweeper = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();

  async function sweep(): Promise<void> {
    const expired = pending.sweep();
    devices.sweep();
    const ports = new Set(expired.map((entry) => entry.loopbackPort).filter((port): port is number => port !== undefined));
    for (const port of ports) await closeListenerIfIdle(port);
  }

  async function closeListenerIfIdle(port: number | undefined): Promise<void> {
    if (port !== undefined && !pending.waitsOnPort(port)) await listeners.close(port);
  }

  /** Tokens in hand (code exchange, device login, import): who logged in, then store the connection. */
  async function connect(
    resolved: ResolvedFlow,
    tokens: OAuthTokenSet,
    tokenResponse: Readonly<Record<string, unknown>>,
    hints: LoginIdentity,
    method: LoginContext["method"],
    pollState?: Readonly<Record<string, string>>,
  ): Promise<ConnectResult> {
    const { definition, endpoints } = resolved;
    let profile;
    try {
      profile = await definition.describeLogin({ method, tokens, tokenResponse, endpoints, http, now: now(), sleep, ...(pollState === undefined ? {} : { pollState }) });
    } catch (error) {
      if (OAuthFlowError.isInstance(error)) throw error;
      throw new OAuthFlowError(502, "provider_unreachable", "The provider could not be reached to finish the login (account details).");
    }
    const identity: LoginIdentity = { ...hints, ...profile.identity };
    // Copilot keeps its exchanged token and iFlow its API key as what the upstream is called with.
    const stored: OAuthTokenSet = profile.session === undefined ? tokens : { ...tokens, ...profile.session };
    const saved = await saveConnection(options.configDb, {
      flow: definition,
      tokens: stored,
      profile: { identity, extras: profile.extras, ...(profile.displayName === undefined ? {} : { displayName: profile.displayName }) },
      storageKey: options.storageKey,
      now: new Date(now()),
    });
    tokenManager.forget(definition.providerId, saved.accountId);
    const account = findOAuthAccount(options.configDb.read(), definition.providerId, saved.accountId);
    if (account === undefined) throw new OAuthFlowError(409, "conflict", "The connection was removed while it was being saved.");
    logger?.info?.("oauth connected", { provider: definition.providerId, account: account.name, created: saved.created });
    return { connection: connectionView(definition.providerId, account, options.storageKey), created: saved.created };
  }

  /** The code exchange of a login started by `authorize`. */
  async function finishAuthorization(resolved: ResolvedFlow, entry: PendingAuthorization, code: string): Promise<ConnectResult> {
    const spec = resolved.definition.authorizationCode!;
    const { endpoints } = resolved;
    if (spec.exchangeCode !== undefined) {
      let custom: Record<string, unknown>;
      let tokens: OAuthTokenSet;
      try {
        custom = await spec.exchangeCode({
          code,
          codeVerifier: entry.codeVerifier,
          redirectUri: entry.redirectUri,
          state: entry.state,
          endpoints,
          http,
          route: { providerId: entry.providerId },
        });
        tokens = tokenSetFromResponse(custom, now());
      } catch (error) {
        throw exchangeError(error);
      }
      return connect(resolved, tokens, custom, {}, "authorization-code");
    }
    const params: Record<string, string> = {
      grant_type: "authorization_code",
      code,
      redirect_uri: entry.redirectUri,
      client_id: endpoints.clientId,
      code_verifier: entry.codeVerifier,
      ...(spec.sendClientSecret === true && endpoints.clientSecret !== undefined ? { client_secret: endpoints.clientSecret } : {}),
      ...(spec.sendStateToTokenEndpoint === true ? { state: entry.state } : {}),
    };
    let answer: Record<string, unknown>;
    try {
      answer = await requestTokens(http, { url: endpoints.tokenUrl, encoding: spec.tokenEncoding, params, route: { providerId: entry.providerId } });
    } catch (error) {
      throw exchangeError(error);
    }
    return connect(resolved, tokenSetFromResponse(answer, now()), answer, {}, "authorization-code");
  }

  /**
   * A login's redirect parameters, from our route, a paste, or the loopback listener. The state is spent first
   * (single use), whatever follows. A loopback listener is closed once idle, but not from inside its own request:
   * with `listenerPort` (the call comes from that listener) the listener's after-answer hook does it.
   */
  async function completeFromParameters(
    providerId: string | undefined,
    parameters: { code?: string | null; state?: string | null; error?: string | null; pastedCode?: boolean },
    listenerPort?: number,
  ): Promise<ConnectResult & { entry: PendingAuthorization }> {
    const state = parameters.state ?? "";
    let entry: PendingAuthorization;
    if (state !== "") entry = pending.take(state, providerId);
    // A pasted code without state: the provider's code page (Google's) shows the code alone.
    else if (parameters.pastedCode === true && providerId !== undefined) entry = pending.takeLatestManual(providerId);
    else throw invalidState("The redirect carries no state: start the login again.");
    try {
      if (listenerPort !== undefined && entry.loopbackPort !== listenerPort) throw invalidState("This login was not started for this callback.");
      if (parameters.error) {
        const code = /^[A-Za-z0-9_.-]{1,64}$/.test(parameters.error) ? parameters.error : "error";
        throw new OAuthFlowError(400, "access_denied", `The provider did not grant the login (${code}).`);
      }
      const code = parameters.code ?? "";
      if (code === "") throw invalidInput("The redirect carries no authorization code.");
      const resolved = requireFlow(entry.providerId);
      return { ...(await finishAuthorization(resolved, entry, code)), entry };
    } finally {
      if (listenerPort === undefined) await closeListenerIfIdle(entry.loopbackPort);
    }
  }

  async function answerLoopback(port: number, query: URLSearchParams): Promise<LoopbackAnswer> {
    const state = query.get("state") ?? "";
    let dashboardOrigin = listenerOrigins.get(port) ?? "";
    try {
      const result = await completeFromParameters(undefined, { code: query.get("code"), state, error: query.get("error") }, port);
      dashboardOrigin = result.entry.dashboardOrigin;
      return { status: 302, headers: { location: `${dashboardOrigin}/dashboard/providers?connected=${encodeURIComponent(result.entry.providerId)}` }, body: "" };
    } catch (error) {
      const flowError = OAuthFlowError.isInstance(error) ? error : new OAuthFlowError(500, "provider_refused", "The login could not be completed.");
      if (!OAuthFlowError.isInstance(error)) logger?.error("oauth loopback callback failed", { error: error instanceof Error ? error.name : "error" });
      return {
        status: flowError.status,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: renderCallbackErrorPage({ title: "The login did not complete", message: flowError.message, dashboardUrl: `${dashboardOrigin}/dashboard/providers` }),
      };
    }
  }

  /** The desktop install's file when the flow has one and it exists on this machine. */
  function localInstallFile(definition: OAuthFlowDefinition): string | undefined {
    const file = definition.localInstall?.locate(localEnvironment);
    return file !== undefined && existsSync(file) ? file : undefined;
  }

  function storedSecrets(providerId: string, accountId: string): Readonly<Record<string, string>> | undefined {
    const account = findOAuthAccount(options.configDb.read(), providerId, accountId);
    if (account === undefined) return undefined;
    try {
      return decryptTokenSet(account.oauth.credentialsEncrypted, options.storageKey).secrets;
    } catch {
      return undefined;
    }
  }

  return {
    providers: () => Object.keys(flows),

    capabilities(segment) {
      const { definition, endpoints } = requireFlow(segment);
      return {
        authorize: definition.authorizationCode !== undefined,
        manual: definition.authorizationCode !== undefined && endpoints.manualRedirectUri !== undefined,
        deviceCode: definition.device !== undefined,
        import: definition.importCredentials !== undefined,
        localImport: localInstallFile(definition) !== undefined,
        identityProviders: [...(definition.authorizationCode?.identityProviders ?? [])],
      };
    },

    notice(segment) {
      return requireFlow(segment).definition.notice ?? null;
    },

    async authorize(segment, input) {
      const resolved = requireFlow(segment);
      const providerId = resolved.definition.providerId;
      const { definition, endpoints } = resolved;
      const spec = definition.authorizationCode;
      if (spec === undefined) throw new OAuthFlowError(400, "unsupported", `${definition.displayName} has no browser login; use the device code.`);
      const authorizeUrl = requiredEndpoint(endpoints, "authorizeUrl", providerId);
      const origin = dashboardOriginOf(input.origin);

      let redirectUri: string;
      let mode: PendingAuthorization["mode"];
      let completion: AuthorizeResult["completion"];
      let loopbackPort: number | undefined;
      const identityProvider = chooseIdentityProvider(definition, input.identityProvider);
      if (input.mode === "manual" || spec.redirect === "paste") {
        if (endpoints.manualRedirectUri === undefined) throw new OAuthFlowError(400, "unsupported", `${definition.displayName} has no manual (paste the code) login.`);
        // A fixed redirect the server cannot receive (Kiro's kiro:// link): always pasted back.
        redirectUri = spec.redirect === "paste" ? (endpoints.redirectUri ?? endpoints.manualRedirectUri) : endpoints.manualRedirectUri;
        mode = "manual";
        completion = "paste";
      } else if (spec.redirect === "loopback") {
        const port = endpoints.callbackPort;
        if (port === undefined) throw new Error(`OAuth flow ${providerId} has no callbackPort configured`);
        redirectUri = endpoints.redirectUri ?? `http://localhost:${port}${spec.loopbackPath ?? "/callback"}`;
        mode = "loopback";
        loopbackPort = port;
        const listening = await listeners.open(port, new URL(redirectUri).pathname);
        if (listening) listenerOrigins.set(port, origin);
        // Port taken (the provider's own CLI may be logging in): the user pastes the final URL instead.
        completion = listening ? "loopback" : "paste";
        if (!listening) logger?.warn("oauth loopback port busy; the login needs the redirect URL pasted", { provider: providerId, port });
      } else {
        const callback = new URL(`/api/oauth/${encodeURIComponent(providerId)}/callback`, origin);
        // Google's installed-app clients only accept loopback redirects: a remote dashboard gets a localhost
        // redirect the browser cannot load, and the user pastes that URL.
        const remote = spec.loopbackHostsOnly === true && !isLoopbackHostname(callback.hostname);
        if (remote) {
          callback.protocol = "http:";
          callback.hostname = "localhost";
        }
        redirectUri = endpoints.redirectUri ?? callback.toString();
        mode = "app-callback";
        completion = remote ? "paste" : "callback";
      }

      const pkce = createPkcePair();
      const state = createOAuthState();
      const url = new URL(authorizeUrl);
      const standard: Record<string, string> =
        spec.authorizeParams !== undefined
          ? spec.authorizeParams({
              clientId: endpoints.clientId,
              redirectUri,
              state,
              scopes: endpoints.scopes,
              codeChallenge: pkce.challenge,
              ...(identityProvider === undefined ? {} : { identityProvider }),
            })
          : {
              response_type: "code",
              client_id: endpoints.clientId,
              redirect_uri: redirectUri,
              scope: endpoints.scopes.join(" "),
              code_challenge: pkce.challenge,
              code_challenge_method: "S256",
              state,
            };
      for (const [key, value] of Object.entries(spec.extraAuthorizeParams)) url.searchParams.set(key, value);
      for (const [key, value] of Object.entries(standard)) url.searchParams.set(key, value);
      const expiresAt = now() + AUTHORIZATION_TTL_MS;
      pending.add({
        state,
        providerId,
        codeVerifier: pkce.verifier,
        redirectUri,
        mode,
        ...(loopbackPort === undefined ? {} : { loopbackPort }),
        dashboardOrigin: origin,
        expiresAt,
      });
      return { authorizeUrl: url.toString(), state, expiresAt: new Date(expiresAt).toISOString(), redirectUri, completion };
    },

    async completeCallback(segment, query) {
      const providerId = canonical(segment);
      const { entry: _entry, ...result } = await completeFromParameters(providerId, { code: query.get("code"), state: query.get("state"), error: query.get("error") });
      return result;
    },

    async exchange(segment, input) {
      const providerId = canonical(segment);
      let parameters: { code?: string | null; state?: string | null; error?: string | null; pastedCode?: boolean };
      // An app-link redirect (Kiro's kiro://…?code&state) pasted where a code goes is still a redirect URL.
      const pastedUrl = input.redirectUrl ?? (input.code !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(input.code.trim()) ? input.code : undefined);
      if (pastedUrl !== undefined) {
        let url: URL;
        try {
          url = new URL(pastedUrl.trim());
        } catch {
          throw invalidInput("redirectUrl: not a URL; paste the whole address the browser ended on.");
        }
        parameters = { code: url.searchParams.get("code"), state: url.searchParams.get("state"), error: url.searchParams.get("error") };
      } else {
        // Claude's manual page shows `code#state`.
        const [code, stateFromCode] = (input.code ?? "").trim().split("#", 2);
        parameters = { code: code ?? "", state: input.state ?? stateFromCode ?? "", pastedCode: true };
      }
      const { entry: _entry, ...result } = await completeFromParameters(providerId, parameters);
      return result;
    },

    async startDeviceFlow(segment, input = {}) {
      const resolved = requireFlow(segment);
      const hints = labelIdentity(input.label);
      const providerId = resolved.definition.providerId;
      const device = resolved.definition.device;
      if (device === undefined) throw new OAuthFlowError(400, "unsupported", `${resolved.definition.displayName} has no device-code login.`);
      let start;
      try {
        start = await device.start({ providerId, endpoints: resolved.endpoints, http, now: now() });
      } catch (error) {
        throw exchangeError(error);
      }
      const startedAt = now();
      const flow = devices.create({
        providerId,
        pollState: start.pollState,
        intervalMs: start.intervalMs,
        nextPollAt: startedAt + start.intervalMs,
        expiresAt: startedAt + start.expiresInMs,
        lastStatus: "pending",
        hints,
      });
      return {
        flowId: flow.flowId,
        userCode: start.userCode,
        verificationUri: start.verificationUri,
        ...(start.verificationUriComplete === undefined ? {} : { verificationUriComplete: start.verificationUriComplete }),
        expiresAt: new Date(flow.expiresAt).toISOString(),
        interval: Math.ceil(start.intervalMs / 1000),
      };
    },

    async pollDeviceFlow(segment, flowId) {
      const resolved = requireFlow(segment);
      const providerId = resolved.definition.providerId;
      const flow = devices.get(flowId);
      if (flow === undefined || flow.providerId !== providerId) throw new OAuthFlowError(404, "not_found", "Unknown device login: start it again.");
      return devicePolls.run(flowId, async (): Promise<DevicePollView> => {
        if (flow.result !== undefined) return flow.result;
        const at = now();
        if (at >= flow.expiresAt) {
          flow.result = { status: "expired" };
          return flow.result;
        }
        // Polling faster than the provider allows gets answered from memory, never forwarded (RFC 8628 §3.5).
        if (at < flow.nextPollAt) return { status: flow.lastStatus, interval: Math.ceil((flow.nextPollAt - at) / 1000) };
        const outcome = await resolved.definition.device!.poll({ providerId, endpoints: resolved.endpoints, http, now: at }, flow.pollState);
        switch (outcome.kind) {
          case "pending":
            flow.lastStatus = "pending";
            flow.nextPollAt = now() + flow.intervalMs;
            return { status: "pending", interval: Math.ceil(flow.intervalMs / 1000) };
          case "slow-down":
            flow.intervalMs = Math.max(flow.intervalMs + SLOW_DOWN_INCREMENT_MS, outcome.intervalMs ?? 0);
            flow.lastStatus = "slow_down";
            flow.nextPollAt = now() + flow.intervalMs;
            return { status: "slow_down", interval: Math.ceil(flow.intervalMs / 1000) };
          case "expired":
            flow.result = { status: "expired" };
            return flow.result;
          case "denied":
            flow.result = { status: "denied" };
            return flow.result;
          case "failed":
            flow.result = { status: "error", message: outcome.message };
            return flow.result;
          case "tokens":
            try {
              const { connection } = await connect(resolved, tokenSetFromResponse(outcome.response, now()), outcome.response, flow.hints, "device", flow.pollState);
              flow.result = { status: "connected", connection };
            } catch (error) {
              flow.result = { status: "error", message: OAuthFlowError.isInstance(error) ? error.message : "The login could not be saved." };
              if (!OAuthFlowError.isInstance(error)) logger?.error("oauth device login could not be completed", { provider: providerId, error: error instanceof Error ? error.name : "error" });
            }
            return flow.result;
        }
      });
    },

    async importCredentials(segment, content) {
      const resolved = requireFlow(segment);
      const importer = resolved.definition.importCredentials;
      if (importer === undefined) throw new OAuthFlowError(400, "unsupported", `${resolved.definition.displayName} has no token import.`);
      const imported = importer(content, now());
      return connect(resolved, imported.tokens, {}, imported.hints, "import");
    },

    async importLocalInstall(segment) {
      const resolved = requireFlow(segment);
      const local = resolved.definition.localInstall;
      if (local === undefined) throw new OAuthFlowError(400, "unsupported", `${resolved.definition.displayName} has no desktop install to import from.`);
      const file = localInstallFile(resolved.definition);
      if (file === undefined) {
        const where = local.locate(localEnvironment);
        throw new OAuthFlowError(404, "not_found", `No ${resolved.definition.displayName} install was found on the server's machine${where === undefined ? "" : ` (looked for ${where})`}.`);
      }
      const imported: ImportedCredentials = local.read(file, now());
      return connect(resolved, imported.tokens, {}, imported.hints, "import");
    },

    status(segment) {
      const providerId = canonical(segment);
      return listConnections(options.configDb.read(), providerId, options.storageKey);
    },

    async disconnect(segment, connectionId) {
      const providerId = canonical(segment);
      const removed = await removeConnection(options.configDb, providerId, connectionId);
      if (!removed) throw new OAuthFlowError(404, "not_found", "No connection with this id.");
      tokenManager.forget(providerId, connectionId);
      logger?.info?.("oauth disconnected", { provider: providerId, connection: connectionId });
    },

    credentialsFor: (providerId, accountId) => tokenManager.credentialsFor(providerId, accountId),

    async fetchUpstreamQuota(segment, session, accountId) {
      const resolved = resolveFlow(segment);
      if (resolved === undefined) return [];
      const providerId = resolved.definition.providerId;
      // Copilot's user endpoint takes the GitHub token, which only the stored connection holds.
      const secrets = accountId === undefined ? undefined : storedSecrets(providerId, accountId);
      return fetchUpstreamQuota(providerId, session, {
        endpoints: resolved.endpoints,
        http,
        now: now(),
        ...(accountId === undefined ? {} : { accountId }),
        ...(secrets === undefined ? {} : { secrets }),
      });
    },

    setConfigOverrides(overrides) {
      configOverrides = overrides;
    },

    async close() {
      clearInterval(sweeper);
      await listeners.closeAll();
    },
  };
}

/** A token-endpoint failure during a login, as the 502 the user sees (no upstream body, no token). */
function exchangeError(error: unknown): OAuthFlowError {
  if (OAuthFlowError.isInstance(error)) return error;
  if (error instanceof TokenEndpointError) {
    return error.kind === "transient"
      ? new OAuthFlowError(502, "provider_unreachable", `The provider could not be reached to finish the login: ${error.message}.`)
      : new OAuthFlowError(502, "provider_refused", `The provider refused the login: ${error.message}.`);
  }
  return new OAuthFlowError(502, "provider_unreachable", "The provider could not be reached to finish the login.");
}

function dashboardOriginOf(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
    return url.origin;
  } catch {
    throw invalidInput("origin: not an http(s) origin");
  }
}

function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** The identity provider a login uses: the one asked for (any case), else the flow's first; none when it offers no choice. */
function chooseIdentityProvider(definition: OAuthFlowDefinition, asked: string | undefined): string | undefined {
  const offered = definition.authorizationCode?.identityProviders ?? [];
  if (offered.length === 0) {
    if (asked !== undefined) throw invalidInput(`identityProvider: ${definition.displayName} offers no choice of identity provider.`);
    return undefined;
  }
  if (asked === undefined) return offered[0];
  const chosen = offered.find((candidate) => candidate.toLowerCase() === asked.toLowerCase());
  if (chosen === undefined) throw invalidInput(`identityProvider: must be one of ${offered.join(", ")}.`);
  return chosen;
}

/** A connection name the user gave (device logins that name no account): an email, or an account label. */
function labelIdentity(label: string | undefined): LoginIdentity {
  const trimmed = label?.trim();
  if (trimmed === undefined || trimmed === "") return {};
  return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? { email: trimmed } : { accountId: trimmed };
}
