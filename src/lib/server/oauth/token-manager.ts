import { GatewayError } from "../../../../open-sse/src/core/gateway-error";
import type { AccountCredentials, OAuthSession } from "../../../../open-sse/src/ports";
import { SingleFlight } from "../../../../open-sse/src/routing/single-flight";
import type { ConfigDb } from "../config-db/open-config-db";
import type { OAuthEndpoints } from "./oauth-endpoints";
import type { LoginIdentity, OAuthFlowDefinition } from "./oauth-flow-definition";
import type { OAuthHttp } from "./oauth-http";
import { findOAuthAccount } from "./oauth-connections";
import { decryptTokenSet, encryptTokenSet, tokenSetFromResponse, type OAuthTokenSet } from "./oauth-token-set";
import { requestTokens, TokenEndpointError } from "./token-endpoint";

/** A flow with the overrides applied, as the token manager and the login steps use it. */
export interface ResolvedFlow {
  definition: OAuthFlowDefinition;
  endpoints: OAuthEndpoints;
}

export interface OAuthLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface TokenManagerOptions {
  configDb: ConfigDb;
  storageKey: Buffer;
  /** The flow of a provider, with the current overrides; undefined for a provider without an OAuth login. */
  resolveFlow(providerId: string): ResolvedFlow | undefined;
  http: OAuthHttp;
  now?: () => number;
  logger?: OAuthLogger;
}

export interface TokenManager {
  /** The engine's handle on one OAuth account (`AccountRuntime.credentials`); the same object on every call. */
  credentialsFor(providerId: string, accountId: string): AccountCredentials | undefined;
  /** Drops what is cached for an account (after a disconnect). */
  forget(providerId: string, accountId: string): void;
}

type RefreshResult = { ok: true; tokens: OAuthTokenSet } | { ok: false; kind: "rejected" | "transient" };

/**
 * After a transient refresh failure (5xx, no answer), the token endpoint is left alone this long: requests keep
 * using the still-valid token, or fail fast once it expired, instead of each one hitting an endpoint that is down.
 */
export const TRANSIENT_RETRY_MS = 30_000;

interface CachedTokens {
  tokens: OAuthTokenSet;
  /** The stored value these tokens are. */
  ciphertext: string;
  /**
   * Set when a refresh could not be written: the stored value is still this older one, whose refresh token the
   * provider has already rotated away. While db.json holds it, the tokens in memory are the truth.
   */
  unpersistedOver?: string;
}

/**
 * Keeps OAuth access tokens usable, refreshing them the way each provider's own client does:
 * - before use, only when the token expires within the flow's margin (Claude Code and Google 5 minutes, Codex 0:
 *   only once expired, or after 8 days when the expiry is unknown), or once the flow's own `refreshAt` passed
 *   (Copilot's `refresh_in`);
 * - with the standard refresh-token grant, or the flow's own kind of refresh (`RefreshSpec.custom`: Copilot's
 *   token exchange, Kiro's client-bound grant, iFlow's grant + API-key read), under the same rules below;
 * - after the upstream refused a token (401), once, unless a concurrent refresh already replaced that token;
 * - single-flight per account: 50 concurrent requests that find the token expiring cause one token-endpoint call;
 * - rotation kept: a new refresh token replaces the old one, written atomically to db.json (configDb.update) before
 *   anyone uses the new access token;
 * - a refused refresh (`invalid_grant`, any 4xx) marks the account `auth-failed` with the reason, which takes it out
 *   of routing until the user reconnects; a transient failure (5xx, network) leaves it as it is.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const now = options.now ?? Date.now;
  const flights = new SingleFlight();
  const cache = new Map<string, CachedTokens>();
  const handles = new Map<string, AccountCredentials>();
  /** Per account: no refresh before this (after a transient failure). */
  const retryNotBefore = new Map<string, number>();

  const keyOf = (providerId: string, accountId: string) => `${providerId}\u0000${accountId}`;

  /** The account's current tokens, from memory when they are what db.json holds (or newer, unwritten). */
  function load(providerId: string, accountId: string): { tokens: OAuthTokenSet; ciphertext: string; name: string; identity: LoginIdentity } {
    const account = findOAuthAccount(options.configDb.read(), providerId, accountId);
    if (account === undefined) throw unavailable("auth", "This OAuth connection was removed.");
    if (account.oauth.status === "auth-failed") throw unavailable("auth", "This OAuth connection needs a reconnect: its login was refused.");
    const stored = account.oauth.credentialsEncrypted;
    const key = keyOf(providerId, accountId);
    const cached = cache.get(key);
    if (cached !== undefined && (cached.ciphertext === stored || cached.unpersistedOver === stored)) {
      return { tokens: cached.tokens, ciphertext: stored, name: account.name, identity: account.oauth.identity };
    }
    let tokens: OAuthTokenSet;
    try {
      tokens = decryptTokenSet(stored, options.storageKey);
    } catch {
      throw unavailable("auth", "This OAuth connection's tokens cannot be read with the current storage key: reconnect it.");
    }
    cache.set(key, { tokens, ciphertext: stored });
    return { tokens, ciphertext: stored, name: account.name, identity: account.oauth.identity };
  }

  function needsRefresh(tokens: OAuthTokenSet, flow: ResolvedFlow, at: number): boolean {
    const spec = flow.definition.refresh;
    // The flow's own schedule first (Copilot: refresh_in − 60 s after the exchange), then the expiry margin.
    if (tokens.refreshAt !== undefined && at >= tokens.refreshAt) return true;
    if (tokens.expiresAt !== null) return at >= tokens.expiresAt - spec.marginMs;
    if (spec.maxAgeWithoutExpiryMs !== undefined) return at - tokens.obtainedAt >= spec.maxAgeWithoutExpiryMs;
    return false;
  }

  /** One refresh per account at a time; a caller that saw an already replaced token gets the new one for free. */
  function refreshOnce(providerId: string, accountId: string, seenAccessToken: string): Promise<RefreshResult> {
    const key = keyOf(providerId, accountId);
    return flights.run(key, async () => {
      const current = load(providerId, accountId);
      if (current.tokens.accessToken !== seenAccessToken) return { ok: true, tokens: current.tokens };
      if ((retryNotBefore.get(key) ?? 0) > now()) return { ok: false, kind: "transient" };
      const result = await refresh(providerId, accountId, current);
      if (!result.ok && result.kind === "transient") retryNotBefore.set(key, now() + TRANSIENT_RETRY_MS);
      else retryNotBefore.delete(key);
      return result;
    });
  }

  async function refresh(providerId: string, accountId: string, current: ReturnType<typeof load>): Promise<RefreshResult> {
    const flow = options.resolveFlow(providerId);
    if (flow === undefined) return { ok: false, kind: "transient" };
    const { tokens } = current;
    const fields = { provider: providerId, account: current.name };
    const spec = flow.definition.refresh;
    const route = { providerId, accountId };
    let fresh: OAuthTokenSet;
    let answer: Record<string, unknown> = {};
    try {
      if (spec.custom !== undefined) {
        // The flow's own kind of refresh (an exchange, a client-bound grant): it builds the whole token set.
        fresh = await spec.custom({ tokens, endpoints: flow.endpoints, http: options.http, now: now(), route });
      } else {
        if (tokens.refreshToken === null) {
          await markAuthFailed(providerId, accountId, current.ciphertext, "The provider gave no refresh token and the access token expired: reconnect this account.");
          return { ok: false, kind: "rejected" };
        }
        const params: Record<string, string> = {
          grant_type: "refresh_token",
          refresh_token: tokens.refreshToken,
          client_id: flow.endpoints.clientId,
          ...(spec.sendClientSecret === true && flow.endpoints.clientSecret !== undefined ? { client_secret: flow.endpoints.clientSecret } : {}),
          ...(spec.sendScope === true ? { scope: tokens.scope ?? flow.endpoints.scopes.join(" ") } : {}),
        };
        answer = await requestTokens(options.http, { url: flow.endpoints.tokenUrl, encoding: spec.encoding, params, route });
        fresh = tokenSetFromResponse(answer, now(), tokens);
      }
    } catch (error) {
      // A success without a usable token (tokenSetFromResponse threw) is transient like any other odd answer.
      const failure = error instanceof TokenEndpointError ? error : new TokenEndpointError("transient", null, null, "refresh failed");
      if (failure.kind === "rejected") {
        const code = failure.errorCode ?? (failure.status === null ? "refused" : `HTTP ${failure.status}`);
        await markAuthFailed(providerId, accountId, current.ciphertext, failure.reason ?? `The provider refused the token refresh (${code}): reconnect this account.`);
        return { ok: false, kind: "rejected" };
      }
      options.logger?.warn("oauth token refresh failed, will retry", { ...fields, status: failure.status, error: failure.errorCode });
      return { ok: false, kind: "transient" };
    }

    const update = flow.definition.describeRefresh?.(fresh, { identity: current.identity, extras: tokens.extras }, answer);
    if (update?.extras !== undefined) fresh.extras = { ...update.extras };
    const ciphertext = encryptTokenSet(fresh, options.storageKey);
    const key = keyOf(providerId, accountId);
    // In memory first: the old refresh token is spent now, whatever happens to the write.
    cache.set(key, { tokens: fresh, ciphertext, unpersistedOver: current.ciphertext });
    try {
      let written = false;
      await options.configDb.update((draft) => {
        const account = findOAuthAccount(draft, providerId, accountId);
        // A reconnect while we refreshed wrote newer tokens: they win.
        if (account === undefined || account.oauth.credentialsEncrypted !== current.ciphertext) return;
        account.oauth.credentialsEncrypted = ciphertext;
        if (update?.identity !== undefined) account.oauth.identity = { ...update.identity };
        written = true;
      });
      if (written) cache.set(key, { tokens: fresh, ciphertext });
      else cache.delete(key);
    } catch (error) {
      options.logger?.error("oauth refreshed tokens could not be saved; kept in memory", { ...fields, error: error instanceof Error ? error.name : "error" });
    }
    options.logger?.info?.("oauth token refreshed", fields);
    return { ok: true, tokens: fresh };
  }

  async function markAuthFailed(providerId: string, accountId: string, ciphertext: string, reason: string): Promise<void> {
    cache.delete(keyOf(providerId, accountId));
    const account = findOAuthAccount(options.configDb.read(), providerId, accountId);
    options.logger?.warn("oauth account marked auth-failed", { provider: providerId, account: account?.name ?? accountId, reason });
    try {
      await options.configDb.update((draft) => {
        const stored = findOAuthAccount(draft, providerId, accountId);
        if (stored === undefined || stored.oauth.credentialsEncrypted !== ciphertext) return;
        stored.oauth.status = "auth-failed";
        stored.oauth.statusReason = reason;
      });
    } catch (error) {
      options.logger?.error("oauth auth-failed state could not be saved", { provider: providerId, error: error instanceof Error ? error.name : "error" });
    }
  }

  function sessionOf(tokens: OAuthTokenSet): OAuthSession {
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, extras: Object.freeze({ ...tokens.extras }) };
  }

  function makeHandle(providerId: string, accountId: string): AccountCredentials {
    return {
      async current() {
        const flow = options.resolveFlow(providerId);
        if (flow === undefined) throw unavailable("auth", "This provider has no OAuth login.");
        const { tokens } = load(providerId, accountId);
        if (!needsRefresh(tokens, flow, now())) return sessionOf(tokens);
        const result = await refreshOnce(providerId, accountId, tokens.accessToken);
        if (result.ok) return sessionOf(result.tokens);
        // A transient failure inside the early-refresh margin: the token still works until it expires.
        if (result.kind === "transient" && tokens.expiresAt !== null && tokens.expiresAt > now()) return sessionOf(tokens);
        throw result.kind === "rejected"
          ? unavailable("auth", "This OAuth connection's login was refused on refresh: reconnect it.")
          : unavailable("network", "The provider's token endpoint could not be reached to refresh the login.");
      },
      async refreshAfterRejection(rejectedAccessToken) {
        let current;
        try {
          current = load(providerId, accountId);
        } catch {
          return undefined;
        }
        if (current.tokens.accessToken !== rejectedAccessToken) return sessionOf(current.tokens);
        try {
          const result = await refreshOnce(providerId, accountId, rejectedAccessToken);
          return result.ok ? sessionOf(result.tokens) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }

  return {
    credentialsFor(providerId, accountId) {
      if (options.resolveFlow(providerId) === undefined) return undefined;
      if (findOAuthAccount(options.configDb.read(), providerId, accountId) === undefined) return undefined;
      const key = keyOf(providerId, accountId);
      let handle = handles.get(key);
      if (handle === undefined) {
        handle = makeHandle(providerId, accountId);
        handles.set(key, handle);
      }
      return handle;
    },
    forget(providerId, accountId) {
      const key = keyOf(providerId, accountId);
      cache.delete(key);
      handles.delete(key);
      retryNotBefore.delete(key);
    },
  };
}

/**
 * What `current()` rejects with when no usable token exists: a GatewayError the engine already classifies. `auth`:
 * the login is gone (reconnect); `network`: the token endpoint could not be reached (try again, other accounts first).
 */
function unavailable(kind: "auth" | "network", message: string): GatewayError {
  return kind === "auth"
    ? new GatewayError({ code: "upstream_auth_failed", status: 401, publicMessage: message, kind: "authentication_error" })
    : new GatewayError({ code: "upstream_unreachable", status: 502, publicMessage: message, retryable: true });
}
