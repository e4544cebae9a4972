import {
  copilotTokenRefreshAt,
  copilotTokenRequest,
  DEFAULT_COPILOT_TOKEN_URL,
  parseCopilotTokenResponse,
  type CopilotToken,
} from "../../../../../open-sse/src/upstream/executors/copilot-token";
import { DEFAULT_COPILOT_USER_URL } from "../../../../../open-sse/src/providers/quota/copilot-quota";
import { requiredEndpoint } from "../oauth-endpoints";
import { OAuthFlowError } from "../oauth-flow-error";
import type { LoginContext, LoginProfile, OAuthFlowDefinition, RefreshContext } from "../oauth-flow-definition";
import type { OAuthHttp, OAuthRoute } from "../oauth-http";
import type { OAuthTokenSet } from "../oauth-token-set";
import { rfc8628DeviceFlow } from "../rfc8628-device-flow";
import { isRecord, requestTokens, TokenEndpointError } from "../token-endpoint";

/** GitHub's own tokens are refreshed this long before they expire (only GitHub Apps with expiring tokens have one). */
const GITHUB_TOKEN_MARGIN_MS = 5 * 60_000;
/** GitHub's notices are short; a longer one is cut so the status reason stays readable. */
const MAX_NOTICE_LENGTH = 300;

/**
 * GitHub Copilot (`gh/`): GitHub's device flow with the VS Code Copilot client, then the Copilot token exchange.
 * Values from docs/PROVIDERS-SUBSCRIPTION-II.md (ericc-ch/copilot-api src/lib/api-config.ts and
 * src/services/github/*, microsoft/vscode-copilot-chat copilotToken.ts, GitHub's device-flow documentation):
 * - Device code: `POST https://github.com/login/device/code` (form) `client_id=Iv1.b507a08c87ecfe98`,
 *   `scope=read:user`; poll `POST https://github.com/login/oauth/access_token` — GitHub answers HTTP 200 with an
 *   `error` (`authorization_pending`, `slow_down` with the new `interval`, `expired_token`, `access_denied`).
 * - Who: `GET https://api.github.com/user` (`authorization: token …`) → `login`, `id`, `email`.
 * - The GitHub token is the long-lived credential (kept in the token set's `secrets`, never handed to the engine).
 *   What the upstream is called with is the Copilot token from `GET api.github.com/copilot_internal/v2/token`
 *   (~30 minutes) with `endpoints.api`, the plan's API host (`extras.apiEndpoint`).
 * - Refresh = exchange again, `refresh_in − 60` s after the last one (`refreshAt`, as copilot-api does) and after a
 *   401, single-flight in the token manager. When GitHub issued an expiring token (a GitHub App with
 *   `expires_in` + `refresh_token`), it is refreshed first at the same access-token URL.
 * - A 403 `no_copilot_access` (no seat) or a 401 (GitHub token revoked) marks the account auth-failed with
 *   GitHub's notice.
 * - Quota: `GET api.github.com/copilot_internal/user` with the GitHub token (quota/fetch-upstream-quota.ts).
 */
export const githubCopilotFlow: OAuthFlowDefinition = {
  providerId: "gh",
  flowName: "github-device",
  displayName: "GitHub Copilot",
  apiFormat: "openai-chat",
  endpoints: {
    clientId: "Iv1.b507a08c87ecfe98",
    tokenUrl: "https://github.com/login/oauth/access_token",
    deviceCodeUrl: "https://github.com/login/device/code",
    deviceVerificationUrl: "https://github.com/login/device",
    scopes: ["read:user"],
    userinfoUrl: "https://api.github.com/user",
    tokenExchangeUrl: DEFAULT_COPILOT_TOKEN_URL,
    quotaUrl: DEFAULT_COPILOT_USER_URL,
  },
  device: rfc8628DeviceFlow({ encoding: "form" }),
  // The margin is the backstop; `refreshAt` (refresh_in − 60 s) normally comes first.
  refresh: { marginMs: 60_000, encoding: "form", custom: refreshCopilotToken },
  describeLogin: describeCopilotLogin,
};

async function describeCopilotLogin(context: LoginContext): Promise<LoginProfile> {
  const route = { providerId: "gh" };
  const github = context.tokens;
  const user = await fetchGitHubUser(context.http, requiredEndpoint(context.endpoints, "userinfoUrl", "gh"), github.accessToken, route);
  let copilot: CopilotToken;
  try {
    copilot = await exchangeCopilotToken(context.http, requiredEndpoint(context.endpoints, "tokenExchangeUrl", "gh"), github.accessToken, route);
  } catch (error) {
    if (error instanceof TokenEndpointError && error.kind === "rejected") {
      throw new OAuthFlowError(403, "access_denied", error.reason ?? "GitHub refused the Copilot token for this account.");
    }
    throw new OAuthFlowError(502, "provider_unreachable", "GitHub could not be reached to get the Copilot token; try again.");
  }
  return {
    identity: {
      ...(user.email === undefined ? {} : { email: user.email }),
      accountId: user.id,
      ...(copilot.sku === null ? {} : { plan: copilot.sku }),
    },
    displayName: user.login,
    extras: { apiEndpoint: copilot.apiEndpoint },
    session: {
      accessToken: copilot.token,
      expiresAt: copilot.expiresAt,
      refreshAt: copilotTokenRefreshAt(copilot, context.now),
      refreshToken: null,
      secrets: githubSecrets(github.accessToken, github.refreshToken, github.expiresAt),
    },
  };
}

/** The exchange again (and GitHub's own refresh first when its token is about to expire). */
async function refreshCopilotToken(context: RefreshContext): Promise<OAuthTokenSet> {
  const secrets = context.tokens.secrets ?? {};
  let githubToken = secrets.githubToken;
  if (githubToken === undefined) throw new TokenEndpointError("rejected", null, null, "no GitHub token stored", "This connection holds no GitHub token: reconnect it.");
  let githubRefreshToken = secrets.githubRefreshToken ?? null;
  let githubExpiresAt = secrets.githubExpiresAt === undefined ? null : Number(secrets.githubExpiresAt);
  if (githubExpiresAt !== null && context.now >= githubExpiresAt - GITHUB_TOKEN_MARGIN_MS) {
    if (githubRefreshToken === null) {
      throw new TokenEndpointError("rejected", null, null, "GitHub token expired", "The GitHub login expired and GitHub gave no refresh token: reconnect this account.");
    }
    const answer = await requestTokens(context.http, {
      url: context.endpoints.tokenUrl,
      encoding: "form",
      route: context.route,
      params: { client_id: context.endpoints.clientId, grant_type: "refresh_token", refresh_token: githubRefreshToken },
    });
    githubToken = String(answer.access_token);
    if (typeof answer.refresh_token === "string" && answer.refresh_token !== "") githubRefreshToken = answer.refresh_token;
    const expiresIn = typeof answer.expires_in === "number" ? answer.expires_in : Number(answer.expires_in);
    githubExpiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? context.now + expiresIn * 1000 : null;
  }
  const copilot = await exchangeCopilotToken(context.http, requiredEndpoint(context.endpoints, "tokenExchangeUrl", "gh"), githubToken, context.route);
  return {
    accessToken: copilot.token,
    refreshToken: null,
    expiresAt: copilot.expiresAt,
    refreshAt: copilotTokenRefreshAt(copilot, context.now),
    obtainedAt: context.now,
    extras: { ...context.tokens.extras, apiEndpoint: copilot.apiEndpoint },
    secrets: githubSecrets(githubToken, githubRefreshToken, githubExpiresAt),
  };
}

function githubSecrets(githubToken: string, refreshToken: string | null, expiresAt: number | null): Record<string, string> {
  return {
    githubToken,
    ...(refreshToken === null ? {} : { githubRefreshToken: refreshToken }),
    ...(expiresAt === null ? {} : { githubExpiresAt: String(expiresAt) }),
  };
}

/**
 * `GET copilot_internal/v2/token` with the GitHub token. Throws a TokenEndpointError: `rejected` for a 401 (the
 * GitHub token is revoked) or GitHub's refusal (403 `no_copilot_access`…), with GitHub's notice as the reason;
 * `transient` for no answer, 5xx, 429 or a 200 without a token.
 */
export async function exchangeCopilotToken(http: OAuthHttp, url: string, githubToken: string, route: OAuthRoute): Promise<CopilotToken> {
  const call = copilotTokenRequest(githubToken, { tokenUrl: url });
  let response;
  try {
    response = await http({ method: "GET", url: call.url, headers: call.headers, route });
  } catch {
    throw new TokenEndpointError("transient", null, null, "Copilot token exchange unreachable");
  }
  if (response.status === 401) {
    throw new TokenEndpointError("rejected", 401, null, "GitHub refused the GitHub token (HTTP 401)", "GitHub refused this login's token (revoked or expired): reconnect this account.");
  }
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw new TokenEndpointError("transient", response.status, null, `Copilot token exchange failed (HTTP ${response.status})`);
  }
  try {
    return parseCopilotTokenResponse(response.json);
  } catch (error) {
    if (response.status >= 200 && response.status < 300) throw new TokenEndpointError("transient", response.status, null, "Copilot token exchange answered without a token");
    const notice = error instanceof Error ? error.message.slice(0, MAX_NOTICE_LENGTH) : "Copilot token exchange failed";
    const code = isRecord(response.json) && isRecord(response.json.error_details) && typeof response.json.error_details.notification_id === "string" ? response.json.error_details.notification_id : null;
    throw new TokenEndpointError("rejected", response.status, code, `Copilot token exchange refused (HTTP ${response.status})`, `${notice} (HTTP ${response.status}): reconnect once the account has Copilot access.`);
  }
}

interface GitHubUser {
  login: string;
  id: string;
  email?: string;
}

async function fetchGitHubUser(http: OAuthHttp, url: string, githubToken: string, route: OAuthRoute): Promise<GitHubUser> {
  // The same editor headers as the exchange: GitHub's API wants a User-Agent, and copilot-api sends these.
  const { headers } = copilotTokenRequest(githubToken, { tokenUrl: url });
  let response;
  try {
    response = await http({ method: "GET", url, headers, route });
  } catch {
    throw new OAuthFlowError(502, "provider_unreachable", "GitHub could not be reached to say who logged in; try again.");
  }
  const body = isRecord(response.json) ? response.json : {};
  const id = typeof body.id === "number" || typeof body.id === "string" ? String(body.id) : undefined;
  const login = typeof body.login === "string" && body.login !== "" ? body.login : undefined;
  if (response.status !== 200 || id === undefined || login === undefined) {
    throw new OAuthFlowError(502, "provider_refused", `GitHub did not say who logged in (HTTP ${response.status}).`);
  }
  return { login, id, ...(typeof body.email === "string" && body.email.includes("@") ? { email: body.email } : {}) };
}
