import { requiredEndpoint } from "../oauth-endpoints";
import { OAuthFlowError } from "../oauth-flow-error";
import type { OAuthEndpoints } from "../oauth-endpoints";
import type { OAuthFlowDefinition, RefreshContext } from "../oauth-flow-definition";
import type { OAuthHttp, OAuthRoute } from "../oauth-http";
import { expiryOf, type OAuthTokenSet } from "../oauth-token-set";
import { isRecord, requestTokens, TokenEndpointError } from "../token-endpoint";

/** CLIProxyAPI refreshed iFlow logins this long before expiry (`RefreshLead`, 24 h). */
const IFLOW_REFRESH_LEAD_MS = 24 * 60 * 60_000;

/**
 * iFlow (`if/`): iFlow CLI's login, as router-for-me/CLIProxyAPI implemented it (internal/auth/iflow/iflow_auth.go,
 * removed after iFlow's shutdown) and docs/PROVIDERS-SUBSCRIPTION-II.md records it:
 * - Browser: `https://iflow.cn/oauth?loginMethod=phone&type=phone&redirect=<uri>&state=…&client_id=10009311001`
 *   (the redirect parameter is `redirect`; no PKCE, no scope); the CLI's redirect is
 *   `http://localhost:11451/oauth2callback` (our loopback listener; a remote dashboard pastes the URL).
 * - Token: `POST https://iflow.cn/oauth/token` (form) with `client_secret` in the body AND HTTP Basic
 *   `client_id:client_secret` (the public secret iFlow CLI ships).
 * - The API credential: `GET https://iflow.cn/api/oauth/getUserInfo?accessToken=…` → `{success, data: {apiKey,
 *   email, phone}}`. The API key is what the upstream is called with; the OAuth access token only reads it.
 * - Refresh: `grant_type=refresh_token` at the same URL, then the user info again (the key may have rotated).
 *   CLIProxyAPI refreshed 24 h before expiry; we do the same, or at half the token's life when it is shorter, so a
 *   short-lived token is not refreshed on every request (`refreshAt`).
 */
export const iflowFlow: OAuthFlowDefinition = {
  providerId: "if",
  flowName: "iflow",
  displayName: "iFlow",
  apiFormat: "openai-chat",
  notice:
    "iFlow CLI stopped service on 2026-04-17 (announcement at cli.iflow.cn): new logins may fail. " +
    "The login is kept for accounts and API keys the platform still honours.",
  endpoints: {
    clientId: "10009311001",
    clientSecret: "4Z3YjXycVsQvyGF1etiNlIBB4RsqSDtW",
    authorizeUrl: "https://iflow.cn/oauth",
    tokenUrl: "https://iflow.cn/oauth/token",
    scopes: [],
    callbackPort: 11451,
    userinfoUrl: "https://iflow.cn/api/oauth/getUserInfo",
  },
  authorizationCode: {
    redirect: "loopback",
    loopbackPath: "/oauth2callback",
    extraAuthorizeParams: {},
    tokenEncoding: "form",
    authorizeParams: ({ clientId, redirectUri, state }) => ({ loginMethod: "phone", type: "phone", redirect: redirectUri, state, client_id: clientId }),
    exchangeCode: (context) =>
      iflowTokenGrant(context.http, context.endpoints, context.route, {
        grant_type: "authorization_code",
        code: context.code,
        redirect_uri: context.redirectUri,
      }),
  },
  // The backstop for a token of unknown schedule; `refreshAt` normally comes first.
  refresh: { marginMs: 60_000, encoding: "form", custom: refreshIflowLogin },
  async describeLogin(context) {
    const info = await readIflowUserInfo(context.http, context.endpoints, context.tokens.accessToken, { providerId: "if" }).catch((error: unknown) => {
      throw error instanceof TokenEndpointError
        ? new OAuthFlowError(502, error.kind === "rejected" ? "provider_refused" : "provider_unreachable", error.reason ?? "iFlow did not give the API key for this login.")
        : error;
    });
    return {
      identity: { ...(info.email === undefined ? {} : { email: info.email }), ...(info.phone === undefined ? {} : { accountId: info.phone }) },
      extras: {},
      session: { accessToken: info.apiKey, ...refreshScheduleOf(context.tokens.expiresAt, context.now) },
    };
  },
};

/** The grant with iFlow's double client authentication (Basic header and body). */
function iflowTokenGrant(http: OAuthHttp, endpoints: OAuthEndpoints, route: OAuthRoute, grant: Record<string, string>): Promise<Record<string, unknown>> {
  const secret = endpoints.clientSecret ?? "";
  return requestTokens(http, {
    url: endpoints.tokenUrl,
    encoding: "form",
    route,
    headers: { authorization: `Basic ${Buffer.from(`${endpoints.clientId}:${secret}`).toString("base64")}` },
    params: { ...grant, client_id: endpoints.clientId, client_secret: secret },
  });
}

async function refreshIflowLogin(context: RefreshContext): Promise<OAuthTokenSet> {
  const refreshToken = context.tokens.refreshToken;
  if (refreshToken === null) throw new TokenEndpointError("rejected", null, null, "no refresh token", "iFlow gave no refresh token: reconnect this account.");
  const answer = await iflowTokenGrant(context.http, context.endpoints, context.route, { grant_type: "refresh_token", refresh_token: refreshToken });
  const oauthToken = String(answer.access_token);
  const info = await readIflowUserInfo(context.http, context.endpoints, oauthToken, context.route);
  const expiresAt = expiryOf(answer.expires_in, oauthToken, context.now);
  return {
    accessToken: info.apiKey,
    refreshToken: typeof answer.refresh_token === "string" && answer.refresh_token !== "" ? answer.refresh_token : refreshToken,
    expiresAt,
    ...refreshScheduleOf(expiresAt, context.now),
    ...(typeof answer.scope === "string" ? { scope: answer.scope } : {}),
    obtainedAt: context.now,
    extras: { ...context.tokens.extras },
  };
}

/** 24 h before expiry, or half-way through a shorter life. */
function refreshScheduleOf(expiresAt: number | null, now: number): { refreshAt?: number } {
  if (expiresAt === null) return {};
  return { refreshAt: expiresAt - Math.min(IFLOW_REFRESH_LEAD_MS, Math.max(0, (expiresAt - now) / 2)) };
}

interface IflowUserInfo {
  apiKey: string;
  email?: string;
  phone?: string;
}

/** `getUserInfo`: the API key. A refusal (4xx, `success: false`, no key) is `rejected`; no answer or 5xx `transient`. */
async function readIflowUserInfo(http: OAuthHttp, endpoints: OAuthEndpoints, oauthToken: string, route: OAuthRoute): Promise<IflowUserInfo> {
  const url = new URL(requiredEndpoint(endpoints, "userinfoUrl", "if"));
  url.searchParams.set("accessToken", oauthToken);
  let response;
  try {
    response = await http({ method: "GET", url: url.toString(), route });
  } catch {
    throw new TokenEndpointError("transient", null, null, "iFlow user info unreachable");
  }
  if (response.status >= 500 || response.status === 429) throw new TokenEndpointError("transient", response.status, null, `iFlow user info failed (HTTP ${response.status})`);
  const body = isRecord(response.json) ? response.json : {};
  const data = isRecord(body.data) ? body.data : {};
  const apiKey = typeof data.apiKey === "string" ? data.apiKey.trim() : "";
  if (response.status !== 200 || body.success !== true || apiKey === "") {
    throw new TokenEndpointError(
      "rejected",
      response.status,
      null,
      `iFlow user info refused (HTTP ${response.status})`,
      "iFlow gave no API key for this login (the service stopped on 2026-04-17): reconnect, or use an API key the platform still honours.",
    );
  }
  const email = typeof data.email === "string" && data.email.trim() !== "" ? data.email.trim() : undefined;
  const phone = typeof data.phone === "string" && data.phone.trim() !== "" ? data.phone.trim() : undefined;
  return { apiKey, ...(email === undefined ? {} : { email }), ...(phone === undefined ? {} : { phone }) };
}
