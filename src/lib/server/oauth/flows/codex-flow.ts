import { requiredEndpoint } from "../oauth-endpoints";
import { invalidInput } from "../oauth-flow-error";
import type { DeviceContext, DeviceFlowSpec, DevicePollOutcome, OAuthFlowDefinition } from "../oauth-flow-definition";
import { jwtExpiry } from "../oauth-token-set";
import { isRecord, requestTokens, TokenEndpointError } from "../token-endpoint";
import { codexIdentityOf, readCodexIdToken } from "./codex-id-token";
import { parsePastedJson } from "./parse-pasted-json";

const EIGHT_DAYS_MS = 8 * 24 * 60 * 60_000;
/** Codex gives a device code 15 minutes. */
const DEVICE_CODE_LIFETIME_MS = 15 * 60_000;

/**
 * Codex (`cx/`, ChatGPT Plus/Pro). Values read from openai/codex (codex-rs/login/src/server.rs, auth/manager.rs,
 * device_code_auth.rs) and the Codex CLI 0.169.0 binary:
 * - Issuer `https://auth.openai.com`, client `app_EMoamEEZ73f0CkXaXp7hrann`, PKCE S256, scopes `openid profile email
 *   offline_access api.connectors.read api.connectors.invoke`, and `id_token_add_organizations=true`,
 *   `codex_cli_simplified_flow=true`, `originator=codex_cli_rs`.
 * - Redirect: fixed `http://localhost:1455/auth/callback` (1457 is the registered fallback): a local listener.
 * - Exchange: form POST to `/oauth/token`. Refresh: JSON `{client_id, grant_type: refresh_token, refresh_token}`.
 * - Refresh timing: ONLY when the access token's `exp` has passed, or (expiry unknown) when the last refresh is
 *   8 days old, and after a 401. No early margin: peers that refreshed eagerly got accounts forced into
 *   re-verification. Refresh tokens rotate (`refresh_token_reused` when an old one is replayed).
 * - Device login (`codex login --device-auth`): `POST /api/accounts/deviceauth/usercode {client_id}` →
 *   `{device_auth_id, user_code, interval}`; the user enters the code at `/codex/device`; polling
 *   `POST /api/accounts/deviceauth/token {device_auth_id, user_code}` answers 403/404 while pending, then
 *   `{authorization_code, code_verifier}`, exchanged with redirect URI `/deviceauth/callback`.
 * - Quota: `GET https://chatgpt.com/backend-api/wham/usage` with `ChatGPT-Account-Id`.
 */
export const codexFlow: OAuthFlowDefinition = {
  providerId: "cx",
  flowName: "codex",
  displayName: "Codex",
  apiFormat: "openai-responses",
  endpoints: {
    clientId: "app_EMoamEEZ73f0CkXaXp7hrann",
    authorizeUrl: "https://auth.openai.com/oauth/authorize",
    tokenUrl: "https://auth.openai.com/oauth/token",
    scopes: ["openid", "profile", "email", "offline_access", "api.connectors.read", "api.connectors.invoke"],
    callbackPort: 1455,
    deviceCodeUrl: "https://auth.openai.com/api/accounts/deviceauth/usercode",
    deviceTokenUrl: "https://auth.openai.com/api/accounts/deviceauth/token",
    deviceVerificationUrl: "https://auth.openai.com/codex/device",
    deviceRedirectUri: "https://auth.openai.com/deviceauth/callback",
    quotaUrl: "https://chatgpt.com/backend-api/wham/usage",
  },
  authorizationCode: {
    redirect: "loopback",
    loopbackPath: "/auth/callback",
    extraAuthorizeParams: { id_token_add_organizations: "true", codex_cli_simplified_flow: "true", originator: "codex_cli_rs" },
    tokenEncoding: "form",
  },
  device: codexDeviceFlow(),
  refresh: { marginMs: 0, maxAgeWithoutExpiryMs: EIGHT_DAYS_MS, encoding: "json" },
  async describeLogin(context) {
    const claims = readCodexIdToken(context.tokens.idToken);
    return {
      identity: codexIdentityOf(claims),
      extras: claims.chatgptAccountId === undefined ? { ...context.tokens.extras } : { ...context.tokens.extras, chatgptAccountId: claims.chatgptAccountId },
    };
  },
  describeRefresh(tokens, previous) {
    // A refresh may bring a new id token: the plan (an upgrade) or the workspace can have changed.
    const claims = readCodexIdToken(tokens.idToken);
    if (claims.chatgptAccountId === undefined && claims.chatgptPlanType === undefined) return {};
    return {
      identity: { ...previous.identity, ...codexIdentityOf(claims) },
      extras: claims.chatgptAccountId === undefined ? previous.extras : { ...previous.extras, chatgptAccountId: claims.chatgptAccountId },
    };
  },
  /**
   * `~/.codex/auth.json` (codex-rs/login/src/auth/storage.rs `AuthDotJson`): `{"OPENAI_API_KEY": null,
   * "tokens": {"id_token","access_token","refresh_token","account_id"}, "last_refresh": "<RFC 3339>"}`.
   */
  importCredentials(pasted, now) {
    const file = parsePastedJson(pasted);
    const tokens = isRecord(file.tokens) ? file.tokens : undefined;
    if (tokens === undefined) {
      const apiKeyOnly = typeof file.OPENAI_API_KEY === "string" && file.OPENAI_API_KEY !== "";
      throw invalidInput(
        apiKeyOnly
          ? "content: this auth.json holds an OpenAI API key, not a ChatGPT login: add the key to the OpenAI provider instead"
          : "content: not a Codex auth.json (no tokens)",
      );
    }
    const accessToken = tokens.access_token;
    const refreshToken = tokens.refresh_token;
    if (typeof accessToken !== "string" || accessToken === "") throw invalidInput("content: tokens.access_token is missing");
    const idToken = typeof tokens.id_token === "string" ? tokens.id_token : undefined;
    const accountId = typeof tokens.account_id === "string" && tokens.account_id !== "" ? tokens.account_id : readCodexIdToken(idToken).chatgptAccountId;
    const lastRefresh = typeof file.last_refresh === "string" ? Date.parse(file.last_refresh) : Number.NaN;
    const extras: Record<string, string> = accountId === undefined ? {} : { chatgptAccountId: accountId };
    return {
      tokens: {
        accessToken,
        refreshToken: typeof refreshToken === "string" && refreshToken !== "" ? refreshToken : null,
        expiresAt: jwtExpiry(accessToken),
        ...(idToken === undefined ? {} : { idToken }),
        // Codex's 8-day rule counts from the file's own last refresh, not from the import.
        obtainedAt: Number.isFinite(lastRefresh) && lastRefresh <= now ? lastRefresh : now,
        extras,
      },
      hints: {},
    };
  },
};

function codexDeviceFlow(): DeviceFlowSpec {
  return {
    async start(context) {
      const response = await context.http({
        method: "POST",
        url: requiredEndpoint(context.endpoints, "deviceCodeUrl", context.providerId),
        route: { providerId: context.providerId },
        json: { client_id: context.endpoints.clientId },
      });
      if (response.status === 404) throw new TokenEndpointError("rejected", 404, null, "device code login is not enabled for this account's Codex server; use the browser login");
      const body = isRecord(response.json) ? response.json : undefined;
      const deviceAuthId = body?.device_auth_id;
      const userCode = body?.user_code ?? body?.usercode;
      if (response.status < 200 || response.status >= 300 || typeof deviceAuthId !== "string" || typeof userCode !== "string") {
        throw new TokenEndpointError(response.status >= 500 ? "transient" : "rejected", response.status, null, `device code request failed (HTTP ${response.status})`);
      }
      // Codex sends the interval as a string of seconds.
      const intervalSeconds = Number(typeof body?.interval === "number" ? body.interval : String(body?.interval ?? "5").trim());
      return {
        userCode,
        verificationUri: requiredEndpoint(context.endpoints, "deviceVerificationUrl", context.providerId),
        expiresInMs: DEVICE_CODE_LIFETIME_MS,
        intervalMs: Number.isFinite(intervalSeconds) && intervalSeconds >= 0 ? intervalSeconds * 1000 : 5_000,
        pollState: { deviceAuthId, userCode },
      };
    },
    async poll(context, pollState) {
      return pollCodexDevice(context, pollState);
    },
  };
}

async function pollCodexDevice(context: DeviceContext, pollState: Readonly<Record<string, string>>): Promise<DevicePollOutcome> {
  let response;
  try {
    response = await context.http({
      method: "POST",
      url: requiredEndpoint(context.endpoints, "deviceTokenUrl", context.providerId),
      route: { providerId: context.providerId },
      json: { device_auth_id: pollState.deviceAuthId, user_code: pollState.userCode },
    });
  } catch {
    // No answer this time: the user may still be entering the code; the next poll tries again.
    return { kind: "pending" };
  }
  // Codex's client keeps polling on 403 and 404 until its 15 minutes are up.
  if (response.status === 403 || response.status === 404) return { kind: "pending" };
  if (response.status >= 500 || response.status === 429) return { kind: "pending" };
  const body = isRecord(response.json) ? response.json : undefined;
  const code = body?.authorization_code;
  const verifier = body?.code_verifier;
  if (response.status < 200 || response.status >= 300 || typeof code !== "string" || typeof verifier !== "string") {
    return { kind: "failed", message: `device login failed (HTTP ${response.status})` };
  }
  try {
    const tokens = await requestTokens(context.http, {
      url: context.endpoints.tokenUrl,
      encoding: "form",
      route: { providerId: context.providerId },
      params: {
        grant_type: "authorization_code",
        code,
        redirect_uri: requiredEndpoint(context.endpoints, "deviceRedirectUri", context.providerId),
        client_id: context.endpoints.clientId,
        code_verifier: verifier,
      },
    });
    return { kind: "tokens", response: tokens };
  } catch (error) {
    return { kind: "failed", message: error instanceof Error ? error.message : "device code exchange failed" };
  }
}
