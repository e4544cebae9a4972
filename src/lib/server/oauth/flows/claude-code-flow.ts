import { invalidInput } from "../oauth-flow-error";
import type { LoginContext, LoginProfile, OAuthFlowDefinition } from "../oauth-flow-definition";
import { isRecord } from "../token-endpoint";
import { parsePastedJson } from "./parse-pasted-json";

/** Claude's OAuth APIs (profile, usage) want this beta header with an OAuth bearer. */
export const CLAUDE_OAUTH_BETA = "oauth-2025-04-20";

/**
 * Claude Code (`cc/`, Claude Pro/Max). Values read from the Claude Code 2.1.197 binary's production OAuth config:
 * - `CLIENT_ID 9d1c250a-e61b-44d9-88ed-5944d1962f5e`; Pro/Max logins authorize at `https://claude.com/cai/oauth/authorize`
 *   with `code=true`, PKCE S256 and the scopes `org:create_api_key user:profile user:inference
 *   user:sessions:claude_code user:mcp_servers user:file_upload`.
 * - Redirect: `http://localhost:<port>/callback` (a local listener; any port), or for remote shells the manual
 *   `https://platform.claude.com/oauth/code/callback`, which shows `code#state` for the user to paste.
 * - Token: `POST https://platform.claude.com/v1/oauth/token`, JSON body (`grant_type`, `code`, `redirect_uri`,
 *   `client_id`, `code_verifier`, `state`); the answer carries `account {uuid, email_address}` and `organization`.
 * - Refresh: JSON `{grant_type: refresh_token, refresh_token, client_id, scope}` when the token expires within
 *   5 minutes (`Date.now() + 300000 >= expiresAt`). The refresh token ROTATES: the old one stops working.
 * - Plan: `GET https://api.anthropic.com/api/oauth/profile` → `organization.organization_type`
 *   (`claude_max` → max, `claude_pro` → pro, `claude_team`, `claude_enterprise`).
 * - Quota: `GET https://api.anthropic.com/api/oauth/usage` (`anthropic-beta: oauth-2025-04-20`).
 */
export const claudeCodeFlow: OAuthFlowDefinition = {
  providerId: "cc",
  flowName: "claude-code",
  displayName: "Claude Code",
  apiFormat: "anthropic-messages",
  endpoints: {
    clientId: "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
    authorizeUrl: "https://claude.com/cai/oauth/authorize",
    tokenUrl: "https://platform.claude.com/v1/oauth/token",
    scopes: ["org:create_api_key", "user:profile", "user:inference", "user:sessions:claude_code", "user:mcp_servers", "user:file_upload"],
    callbackPort: 54545,
    manualRedirectUri: "https://platform.claude.com/oauth/code/callback",
    profileUrl: "https://api.anthropic.com/api/oauth/profile",
    quotaUrl: "https://api.anthropic.com/api/oauth/usage",
  },
  authorizationCode: {
    redirect: "loopback",
    loopbackPath: "/callback",
    extraAuthorizeParams: { code: "true" },
    tokenEncoding: "json",
    sendStateToTokenEndpoint: true,
  },
  refresh: { marginMs: 5 * 60_000, encoding: "json", sendScope: true },
  describeLogin: describeClaudeLogin,
  /**
   * `~/.claude/.credentials.json` (Linux; the macOS keychain holds the same JSON):
   * `{"claudeAiOauth":{"accessToken","refreshToken","expiresAt":<epoch ms>,"scopes":[…],"subscriptionType":"max"}}`.
   */
  importCredentials(pasted, now) {
    const file = parsePastedJson(pasted);
    const oauth = isRecord(file.claudeAiOauth) ? file.claudeAiOauth : undefined;
    if (oauth === undefined) throw invalidInput("content: not a Claude Code .credentials.json (no claudeAiOauth)");
    const { accessToken, refreshToken, expiresAt, scopes, subscriptionType } = oauth;
    if (typeof accessToken !== "string" || accessToken === "") throw invalidInput("content: claudeAiOauth.accessToken is missing");
    return {
      tokens: {
        accessToken,
        refreshToken: typeof refreshToken === "string" && refreshToken !== "" ? refreshToken : null,
        expiresAt: typeof expiresAt === "number" && Number.isFinite(expiresAt) ? expiresAt : null,
        ...(Array.isArray(scopes) && scopes.every((scope) => typeof scope === "string") ? { scope: scopes.join(" ") } : {}),
        obtainedAt: now,
        extras: {},
      },
      hints: typeof subscriptionType === "string" && subscriptionType !== "" ? { plan: subscriptionType } : {},
    };
  },
};

const PLAN_OF_ORGANIZATION_TYPE: Readonly<Record<string, string>> = {
  claude_max: "max",
  claude_pro: "pro",
  claude_team: "team",
  claude_enterprise: "enterprise",
};

/** The token answer names the account; the profile (best effort, as in Claude Code) names the plan. */
async function describeClaudeLogin(context: LoginContext): Promise<LoginProfile> {
  const account = isRecord(context.tokenResponse.account) ? context.tokenResponse.account : {};
  let email = typeof account.email_address === "string" ? account.email_address : undefined;
  let accountId = typeof account.uuid === "string" ? account.uuid : undefined;
  let plan: string | undefined;
  const profile = await fetchClaudeProfile(context);
  if (profile !== undefined) {
    const profileAccount = isRecord(profile.account) ? profile.account : {};
    const organization = isRecord(profile.organization) ? profile.organization : {};
    email ??= typeof profileAccount.email === "string" ? profileAccount.email : undefined;
    accountId ??= typeof profileAccount.uuid === "string" ? profileAccount.uuid : undefined;
    const organizationType = typeof organization.organization_type === "string" ? organization.organization_type : undefined;
    plan = organizationType === undefined ? undefined : (PLAN_OF_ORGANIZATION_TYPE[organizationType] ?? organizationType);
  }
  return {
    identity: {
      ...(email === undefined ? {} : { email }),
      ...(accountId === undefined ? {} : { accountId }),
      ...(plan === undefined ? {} : { plan }),
    },
    extras: {},
  };
}

async function fetchClaudeProfile(context: LoginContext): Promise<Record<string, unknown> | undefined> {
  const url = context.endpoints.profileUrl;
  if (url === undefined) return undefined;
  try {
    const response = await context.http({
      method: "GET",
      url,
      route: { providerId: "cc" },
      headers: { authorization: `Bearer ${context.tokens.accessToken}`, "anthropic-beta": CLAUDE_OAUTH_BETA },
    });
    return response.status === 200 && isRecord(response.json) ? response.json : undefined;
  } catch {
    // Claude Code treats the profile as optional too: the login stands without a plan.
    return undefined;
  }
}
