import { requiredEndpoint } from "../oauth-endpoints";
import { OAuthFlowError } from "../oauth-flow-error";
import type { DeviceContext, LoginContext, LoginIdentity, LoginProfile, OAuthFlowDefinition, RefreshContext } from "../oauth-flow-definition";
import { tokenSetFromResponse, type OAuthTokenSet } from "../oauth-token-set";
import { kiroIdentityFromUsageLimits, kiroUsageLimitsRequest } from "../quota/kiro-usage-limits";
import { rfc8628DeviceFlow } from "../rfc8628-device-flow";
import { isRecord, requestTokens, TokenEndpointError } from "../token-endpoint";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** @aws-sdk/token-providers `EXPIRE_WINDOW_MS`: AWS's own SSO token provider refreshes 5 minutes early. */
const AWS_SSO_EXPIRE_WINDOW_MS = 5 * 60_000;
const SOCIAL_REDIRECT_URI = "kiro://kiro.kiroAgent/authenticate-success";

/**
 * Kiro (`kr/`): AWS Builder ID through AWS SSO OIDC (a device login), or the Kiro IDE's social login (Google or
 * GitHub, pasted back from its `kiro://` redirect). Values from docs/PROVIDERS-SUBSCRIPTION-II.md (AIClient-2-API,
 * 9router, CLIProxyAPIPlus and the AWS SSO OIDC API reference):
 *
 * Builder ID (`method: "device"`, `extras.authMethod = "builder-id"`):
 * 1. `POST https://oidc.us-east-1.amazonaws.com/client/register` `{clientName, clientType: "public", scopes,
 *    grantTypes}` → `{clientId, clientSecret, clientSecretExpiresAt}` (Unix seconds, ~90 days). `endpoints.clientId`
 *    is the client NAME registered (the Kiro IDE's, `Kiro IDE`); the id and secret AWS issues are stored with the
 *    connection (encrypted, in `secrets`). Every login registers anew, so a reconnect after the registration expired
 *    gets a fresh one.
 * 2. `POST …/device_authorization` `{clientId, clientSecret, startUrl: "https://view.awsapps.com/start"}`.
 * 3. Poll `POST …/token` `{clientId, clientSecret, deviceCode, grantType}` (camelCase JSON; HTTP 400
 *    `authorization_pending` / `slow_down` / `expired_token` / `access_denied`).
 * 4. Refresh: `POST …/token` `{clientId, clientSecret, refreshToken, grantType: "refresh_token"}`, 5 minutes before
 *    expiry (AWS's SSO token provider). A registration past `clientSecretExpiresAt` cannot refresh: the account
 *    becomes auth-failed with that reason and the user reconnects.
 *
 * Social (`method: "authorization-code"`, `extras.authMethod = "social"`): `https://prod.us-east-1.auth.desktop.kiro.dev/
 * login?idp=Google|Github&redirect_uri=kiro://kiro.kiroAgent/authenticate-success&code_challenge…&state…&prompt=
 * select_account`; the browser ends on the `kiro://` link, which the user pastes; exchange `POST …/oauth/token {code,
 * code_verifier, redirect_uri}` → `{accessToken, refreshToken, profileArn, expiresIn}`; refresh `POST …/refreshToken
 * {refreshToken}`. Social tokens call `https://runtime.us-east-1.kiro.dev` (`extras.apiEndpoint`) with the
 * `profileArn` (`extras.profileArn`).
 *
 * Who logged in: AWS's token answer names no one; `getUsageLimits?isEmailRequired=true` (`quotaUrl`) answers the
 * user's email and id, read best effort. Without it a label given at the start tells reconnects apart.
 */
export const kiroFlow: OAuthFlowDefinition = {
  providerId: "kr",
  flowName: "kiro-builder-id",
  displayName: "Kiro",
  apiFormat: "openai-chat",
  endpoints: {
    clientId: "Kiro IDE",
    clientRegistrationUrl: "https://oidc.us-east-1.amazonaws.com/client/register",
    deviceCodeUrl: "https://oidc.us-east-1.amazonaws.com/device_authorization",
    tokenUrl: "https://oidc.us-east-1.amazonaws.com/token",
    startUrl: "https://view.awsapps.com/start",
    scopes: ["codewhisperer:completions", "codewhisperer:analysis", "codewhisperer:conversations"],
    authorizeUrl: "https://prod.us-east-1.auth.desktop.kiro.dev/login",
    manualRedirectUri: SOCIAL_REDIRECT_URI,
    socialTokenUrl: "https://prod.us-east-1.auth.desktop.kiro.dev/oauth/token",
    socialRefreshUrl: "https://prod.us-east-1.auth.desktop.kiro.dev/refreshToken",
    socialApiEndpoint: "https://runtime.us-east-1.kiro.dev",
    quotaUrl: "https://q.us-east-1.amazonaws.com/getUsageLimits",
  },
  device: rfc8628DeviceFlow({
    encoding: "json",
    naming: "camel",
    sendScope: false,
    prepare: registerAwsClient,
    extraStartParams: (context, prepared) => ({ clientSecret: prepared.clientSecret ?? "", startUrl: requiredEndpoint(context.endpoints, "startUrl", "kr") }),
    extraPollParams: (_context, pollState) => ({ clientSecret: pollState.clientSecret ?? "" }),
  }),
  authorizationCode: {
    redirect: "paste",
    extraAuthorizeParams: {},
    tokenEncoding: "json",
    identityProviders: ["Google", "Github"],
    authorizeParams: ({ redirectUri, state, codeChallenge, identityProvider }) => ({
      idp: identityProvider ?? "Google",
      redirect_uri: redirectUri,
      code_challenge: codeChallenge,
      code_challenge_method: "S256",
      state,
      prompt: "select_account",
    }),
    exchangeCode: (context) =>
      requestTokens(context.http, {
        url: requiredEndpoint(context.endpoints, "socialTokenUrl", "kr"),
        encoding: "json",
        route: context.route,
        params: { code: context.code, code_verifier: context.codeVerifier, redirect_uri: context.redirectUri },
      }),
  },
  refresh: { marginMs: AWS_SSO_EXPIRE_WINDOW_MS, encoding: "json", custom: refreshKiroLogin },
  describeLogin: describeKiroLogin,
};

/** AWS OIDC `RegisterClient`: the client this device login (and the connection's refreshes) runs under. */
async function registerAwsClient(context: DeviceContext): Promise<Record<string, string>> {
  let response;
  try {
    response = await context.http({
      method: "POST",
      url: requiredEndpoint(context.endpoints, "clientRegistrationUrl", "kr"),
      route: { providerId: context.providerId },
      json: {
        clientName: context.endpoints.clientId,
        clientType: "public",
        scopes: context.endpoints.scopes,
        grantTypes: [DEVICE_CODE_GRANT, "refresh_token"],
      },
    });
  } catch {
    throw new TokenEndpointError("transient", null, null, "AWS client registration unreachable");
  }
  const body = isRecord(response.json) ? response.json : {};
  const clientId = typeof body.clientId === "string" ? body.clientId : "";
  const clientSecret = typeof body.clientSecret === "string" ? body.clientSecret : "";
  if (response.status !== 200 || clientId === "" || clientSecret === "") {
    throw new TokenEndpointError(response.status >= 500 || response.status === 429 ? "transient" : "rejected", response.status, null, `AWS client registration failed (HTTP ${response.status})`);
  }
  const expiresAt = typeof body.clientSecretExpiresAt === "number" && Number.isFinite(body.clientSecretExpiresAt) ? body.clientSecretExpiresAt * 1000 : undefined;
  return { clientId, clientSecret, ...(expiresAt === undefined ? {} : { clientSecretExpiresAt: String(expiresAt) }) };
}

async function describeKiroLogin(context: LoginContext): Promise<LoginProfile> {
  if (context.method === "device") {
    const state = context.pollState ?? {};
    if (state.clientId === undefined || state.clientSecret === undefined) {
      throw new OAuthFlowError(502, "provider_refused", "The AWS device login ended without its client registration; start it again.");
    }
    return {
      identity: await usageIdentity(context, undefined),
      extras: { authMethod: "builder-id" },
      session: {
        secrets: {
          clientId: state.clientId,
          clientSecret: state.clientSecret,
          ...(state.clientSecretExpiresAt === undefined ? {} : { clientSecretExpiresAt: state.clientSecretExpiresAt }),
        },
      },
    };
  }
  const profileArn = typeof context.tokenResponse.profileArn === "string" && context.tokenResponse.profileArn !== "" ? context.tokenResponse.profileArn : undefined;
  const apiEndpoint = context.endpoints.socialApiEndpoint;
  return {
    identity: await usageIdentity(context, profileArn),
    extras: { authMethod: "social", ...(profileArn === undefined ? {} : { profileArn }), ...(apiEndpoint === undefined ? {} : { apiEndpoint }) },
  };
}

/** Who logged in, from `getUsageLimits`; best effort: the login stands without it. */
async function usageIdentity(context: LoginContext, profileArn: string | undefined): Promise<LoginIdentity> {
  const url = context.endpoints.quotaUrl;
  if (url === undefined) return {};
  try {
    const response = await context.http(kiroUsageLimitsRequest(url, context.tokens.accessToken, profileArn, { providerId: "kr" }));
    return response.status === 200 ? kiroIdentityFromUsageLimits(response.json) : {};
  } catch {
    return {};
  }
}

async function refreshKiroLogin(context: RefreshContext): Promise<OAuthTokenSet> {
  const { tokens } = context;
  if (tokens.refreshToken === null) throw new TokenEndpointError("rejected", null, null, "no refresh token", "Kiro gave no refresh token: reconnect this account.");
  if (tokens.extras.authMethod === "social") {
    const answer = await requestTokens(context.http, {
      url: requiredEndpoint(context.endpoints, "socialRefreshUrl", "kr"),
      encoding: "json",
      route: context.route,
      params: { refreshToken: tokens.refreshToken },
    });
    const fresh = tokenSetFromResponse(answer, context.now, tokens);
    if (typeof answer.profileArn === "string" && answer.profileArn !== "") fresh.extras.profileArn = answer.profileArn;
    return fresh;
  }
  const secrets = tokens.secrets ?? {};
  if (secrets.clientId === undefined || secrets.clientSecret === undefined) {
    throw new TokenEndpointError("rejected", null, null, "no AWS client stored", "This Kiro connection holds no AWS client registration: reconnect it.");
  }
  const registrationExpiresAt = secrets.clientSecretExpiresAt === undefined ? Number.NaN : Number(secrets.clientSecretExpiresAt);
  if (Number.isFinite(registrationExpiresAt) && context.now >= registrationExpiresAt) {
    throw new TokenEndpointError("rejected", null, "client_expired", "AWS client registration expired", REGISTRATION_EXPIRED);
  }
  try {
    const answer = await requestTokens(context.http, {
      url: context.endpoints.tokenUrl,
      encoding: "json",
      route: context.route,
      params: { clientId: secrets.clientId, clientSecret: secrets.clientSecret, refreshToken: tokens.refreshToken, grantType: "refresh_token" },
    });
    return tokenSetFromResponse(answer, context.now, tokens);
  } catch (error) {
    // AWS refuses an expired or deleted client with invalid_client: say so rather than "refused (invalid_client)".
    if (error instanceof TokenEndpointError && error.kind === "rejected" && error.errorCode === "invalid_client") {
      throw new TokenEndpointError("rejected", error.status, error.errorCode, error.message, REGISTRATION_EXPIRED);
    }
    throw error;
  }
}

const REGISTRATION_EXPIRED = "The AWS client registration of this Kiro login expired (AWS issues them for about 90 days): reconnect to register a new one.";
