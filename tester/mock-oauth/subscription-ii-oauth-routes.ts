// The login servers behind issue #10's subscriptions, as tester/mock-oauth/mock-oauth-server.ts serves them beside
// the first four: GitHub (device flow answering HTTP 200 with `error`, the user, the Copilot token exchange with
// `refresh_in`, the Copilot user/quota endpoint, a minimal Copilot chat API), Qwen (device flow + PKCE, 400/429 while
// pending, `resource_url`), AWS SSO OIDC (client registration, device authorization, token — camelCase JSON — and
// the expiry of a client registration), Kiro's social login and `getUsageLimits`, and iFlow (authorize with
// `redirect`, token with HTTP Basic + body client authentication, `getUserInfo` naming the API key). Each checks
// what the real server would refuse: another client id, a PKCE verifier that does not match, a missing client
// secret, a reused code, a replayed (rotated) refresh token, an expired token.
import { createHash, randomBytes } from "node:crypto";
import type { MockIdentity } from "./mock-oauth-server";

/** The real public client ids: anything else is refused, which proves the flows send them. */
export const SUBSCRIPTION_II_CLIENTS = {
  github: "Iv1.b507a08c87ecfe98",
  qwen: "f0304373b74a44d2b584a3fb70ca9e56",
  iflow: "10009311001",
  iflowSecret: "4Z3YjXycVsQvyGF1etiNlIBB4RsqSDtW",
  kiroClientName: "Kiro IDE",
} as const;

export const KIRO_SOCIAL_PROFILE_ARN = "arn:aws:codewhisperer:us-east-1:699475941385:profile/EHGA3GRVQMUK";

export type DeviceServer = "github" | "qwen" | "aws";
export type DeviceStep = "authorization_pending" | "slow_down" | "expired_token" | "access_denied" | "approve";
export type RefreshingServer = "github" | "qwen" | "aws" | "kiro-social" | "iflow";
export type FailingCall = RefreshingServer | "copilot-exchange";

export interface MockRequestView {
  method: string;
  url: URL;
  encoding: "form" | "json" | "none";
  body: Record<string, unknown>;
  authorization: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface MockReply {
  status: number;
  headers?: Record<string, string>;
  /** JSON unless `text` is given. */
  json?: unknown;
  text?: string;
}

export interface SubscriptionIiControls {
  /** The answers to the next device code's polls, in order (then `approve`). */
  scriptDevice(server: DeviceServer, steps: DeviceStep[]): void;
  /** The `interval` a device authorization answers (null: none, as Qwen's); GitHub 5, AWS 1 by default. */
  setDeviceInterval(server: DeviceServer, seconds: number | null): void;
  /** Lifetime of the device codes issued from now on (seconds). */
  setDeviceExpiresIn(server: DeviceServer, seconds: number): void;
  /** Lifetime of the access tokens issued from now on (seconds): Qwen, AWS, Kiro social, iFlow. */
  setTokenTtl(seconds: number): void;
  /** The Copilot token's `expires_at` (seconds from now) and `refresh_in`. Default 1800 / 1500. */
  setCopilotTokenLifetime(expiresInSeconds: number, refreshInSeconds: number): void;
  /** GitHub issues expiring user tokens (`expires_in` 8 h + a refresh token), as GitHub Apps may. */
  setGitHubExpiringTokens(on: boolean): void;
  /** How long the Copilot exchange takes to answer (so concurrent callers really overlap). */
  setExchangeDelay(milliseconds: number): void;
  /** The next `times` calls of this kind answer this instead. */
  failNext(call: FailingCall, answer: { status: number; json: unknown }, times?: number): void;
  exchangeCalls(): number;
  refreshCalls(server: RefreshingServer): number;
  registrations(): number;
  /** Every AWS client registered so far expires now (refreshes then get `invalid_client`). */
  expireAwsClients(): void;
  /** Gives the iFlow account a new API key (what a refresh must pick up); returns it. */
  rotateIflowApiKey(): string;
  /** The `resource_url` Qwen's token answers carry from now on. */
  setQwenResourceUrl(value: string): void;
  /** Calls to the mock Copilot chat API (authorized or not). */
  copilotChatCalls(): number;
  /** The time these servers issue and check expiries with (a test's fake clock); default the real one. */
  setClock(now: () => number): void;
  overrides(ports: { ifCallbackPort?: number }): Record<string, Record<string, unknown>>;
}

interface Grant {
  server: RefreshingServer | "copilot";
  identity: MockIdentity;
  expiresAt: number;
  clientId?: string;
}

interface DeviceCode {
  server: DeviceServer;
  steps: DeviceStep[];
  identity: MockIdentity;
  expiresAt: number;
  interval: number;
  challenge?: string;
  clientId?: string;
}

interface IssuedCode {
  server: "iflow" | "kiro-social";
  identity: MockIdentity;
  redirectUri: string;
  challenge?: string;
  used: boolean;
}

export function createSubscriptionIiRoutes(baseUrl: string, currentIdentity: () => MockIdentity, remember: (secret: string) => void) {
  const accessTokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant & { rotated: boolean }>();
  const devices = new Map<string, DeviceCode>();
  const codes = new Map<string, IssuedCode>();
  const awsClients = new Map<string, { secret: string; expiresAt: number }>();
  const iflowKeys = new Map<string, string>(); // account id → API key
  const scripts: Record<DeviceServer, DeviceStep[]> = { github: [], qwen: [], aws: [] };
  const intervals: Record<DeviceServer, number | null> = { github: 5, qwen: null, aws: 1 };
  const deviceLifetimes: Record<DeviceServer, number> = { github: 900, qwen: 600, aws: 600 };
  const refreshCounts: Record<RefreshingServer, number> = { github: 0, qwen: 0, aws: 0, "kiro-social": 0, iflow: 0 };
  const failures = new Map<FailingCall, { status: number; json: unknown; times: number }>();
  let tokenTtl = 3600;
  let copilotLifetime = { expiresIn: 1800, refreshIn: 1500 };
  let githubExpiring = false;
  let exchangeDelayMs = 0;
  let exchanges = 0;
  let registrations = 0;
  let copilotChats = 0;
  let qwenResourceUrl = "portal.qwen.ai";
  /** The servers' time: a test with a fake clock shares it, so expiries the mock issues agree with the flows'. */
  let clock: () => number = Date.now;

  const secret = (prefix: string) => {
    const value = `${prefix}${randomBytes(16).toString("base64url")}`;
    remember(value);
    return value;
  };
  const json = (status: number, body: unknown): MockReply => ({ status, json: body });

  function issue(server: Grant["server"], identity: MockIdentity, prefix: string, ttlSeconds: number, clientId?: string): string {
    const token = secret(prefix);
    accessTokens.set(token, { server, identity, expiresAt: clock() + ttlSeconds * 1000, ...(clientId === undefined ? {} : { clientId }) });
    return token;
  }

  function issueRefresh(server: RefreshingServer, identity: MockIdentity, prefix: string, clientId?: string): string {
    const token = secret(prefix);
    refreshTokens.set(token, { server, identity, expiresAt: Number.POSITIVE_INFINITY, rotated: false, ...(clientId === undefined ? {} : { clientId }) });
    return token;
  }

  function grantOf(token: string | undefined, server: Grant["server"]): Grant | undefined {
    if (token === undefined) return undefined;
    const grant = accessTokens.get(token);
    return grant !== undefined && grant.server === server && grant.expiresAt > clock() ? grant : undefined;
  }

  function takeFailure(call: FailingCall): MockReply | undefined {
    const failure = failures.get(call);
    if (failure === undefined || failure.times <= 0) return undefined;
    failure.times -= 1;
    return json(failure.status, failure.json);
  }

  /** The next scripted step of a device code, `expired_token` once its lifetime passed. */
  function nextStep(device: DeviceCode): DeviceStep {
    if (clock() >= device.expiresAt) return "expired_token";
    return device.steps.shift() ?? "approve";
  }

  function newDevice(server: DeviceServer, extra: Partial<DeviceCode> = {}): [string, DeviceCode] {
    const code = `${server}-device-${randomBytes(8).toString("hex")}`;
    const steps = scripts[server].length > 0 ? scripts[server] : (["approve"] as DeviceStep[]);
    scripts[server] = [];
    const device: DeviceCode = { server, steps: [...steps], identity: currentIdentity(), expiresAt: clock() + deviceLifetimes[server] * 1000, interval: intervals[server] ?? 5, ...extra };
    devices.set(code, device);
    return [code, device];
  }

  // ---------- GitHub ----------
  function githubUserToken(identity: MockIdentity): Record<string, unknown> {
    const answer: Record<string, unknown> = { access_token: issue("github", identity, "ghu_mock", githubExpiring ? 28_800 : 10 * 365 * 86_400), token_type: "bearer", scope: "read:user" };
    if (githubExpiring) {
      answer.expires_in = 28_800;
      answer.refresh_token = issueRefresh("github", identity, "ghr_mock");
      answer.refresh_token_expires_in = 15_811_200;
    }
    return answer;
  }

  function githubToken(request: MockRequestView): Grant | undefined {
    const header = request.authorization ?? "";
    return header.startsWith("token ") ? grantOf(header.slice("token ".length), "github") : undefined;
  }

  function github(request: MockRequestView, path: string): MockReply | undefined {
    if (request.method === "POST" && path === "/github/login/device/code") {
      if (request.body.client_id !== SUBSCRIPTION_II_CLIENTS.github) return json(200, { error: "incorrect_client_credentials" });
      const [code, device] = newDevice("github");
      return json(200, { device_code: code, user_code: "GHMO-CK42", verification_uri: `${baseUrl}/github/login/device`, expires_in: deviceLifetimes.github, interval: device.interval });
    }
    if (request.method === "POST" && path === "/github/login/oauth/access_token") {
      if (request.body.client_id !== SUBSCRIPTION_II_CLIENTS.github) return json(200, { error: "incorrect_client_credentials" });
      if (request.body.grant_type === "refresh_token") {
        refreshCounts.github += 1;
        const failure = takeFailure("github");
        if (failure !== undefined) return failure;
        const stored = refreshTokens.get(String(request.body.refresh_token ?? ""));
        if (stored === undefined || stored.server !== "github" || stored.rotated) return json(200, { error: "bad_refresh_token", error_description: "The refresh token passed is incorrect or expired." });
        stored.rotated = true;
        return json(200, githubUserToken(stored.identity));
      }
      if (request.body.grant_type !== "urn:ietf:params:oauth:grant-type:device_code") return json(200, { error: "unsupported_grant_type" });
      const device = devices.get(String(request.body.device_code ?? ""));
      // GitHub answers every polling state with HTTP 200 and an `error` field.
      if (device === undefined || device.server !== "github") return json(200, { error: "incorrect_device_code" });
      const step = nextStep(device);
      if (step === "approve") {
        devices.delete(String(request.body.device_code));
        return json(200, githubUserToken(device.identity));
      }
      if (step === "slow_down") {
        device.interval += 5;
        return json(200, { error: "slow_down", error_description: "Too many requests have been made in the same timeframe.", interval: device.interval });
      }
      return json(200, { error: step, error_description: step, error_uri: "https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow" });
    }
    if (request.method === "GET" && path === "/github/api/user") {
      const grant = githubToken(request);
      if (grant === undefined) return json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
      const numeric = /^\d+$/.test(grant.identity.accountId);
      return json(200, { login: grant.identity.email.split("@")[0], id: numeric ? Number(grant.identity.accountId) : grant.identity.accountId, email: grant.identity.email, type: "User" });
    }
    if (request.method === "GET" && path === "/github/api/copilot_internal/v2/token") return undefined; // answered by copilotExchange (async)
    if (request.method === "GET" && path === "/github/api/copilot_internal/user") {
      const grant = githubToken(request);
      if (grant === undefined) return json(401, { message: "Bad credentials" });
      return json(200, {
        login: grant.identity.email.split("@")[0],
        copilot_plan: grant.identity.plan ?? "individual",
        quota_reset_date: "2030-02-01",
        quota_reset_date_utc: "2030-02-01T00:00:00.000Z",
        quota_snapshots: {
          premium_interactions: { entitlement: 300, remaining: 225, percent_remaining: 75, unlimited: false, overage_count: 0, overage_permitted: false },
          chat: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true },
          completions: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true },
        },
      });
    }
    if (request.method === "POST" && path === "/copilot-api/chat/completions") {
      copilotChats += 1;
      const header = request.authorization ?? "";
      if (!header.startsWith("Bearer ") || grantOf(header.slice("Bearer ".length), "copilot") === undefined) {
        return json(401, { error: { message: "unauthorized: token expired", code: "unauthorized" } });
      }
      return copilotChat(request.body.stream === true, String(request.body.model ?? "gpt-4.1"));
    }
    return undefined;
  }

  async function copilotExchange(request: MockRequestView): Promise<MockReply> {
    exchanges += 1;
    if (exchangeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, exchangeDelayMs));
    const failure = takeFailure("copilot-exchange");
    if (failure !== undefined) return failure;
    const grant = githubToken(request);
    if (grant === undefined) return json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    if (typeof request.headers["editor-version"] !== "string") return json(400, { message: "editor-version header required" });
    if (grant.identity.plan === "none") {
      return json(403, {
        error_details: { url: "https://github.com/features/copilot", message: "You do not have access to GitHub Copilot.", title: "Copilot not enabled", notification_id: "no_copilot_access" },
        message: "Resource not accessible by integration",
      });
    }
    const expiresAt = Math.floor(clock() / 1000) + copilotLifetime.expiresIn;
    const token = issue("copilot", grant.identity, `tid=mock;exp=${expiresAt};sku=copilot_individual;8kp=1:`, copilotLifetime.expiresIn);
    return json(200, {
      token,
      expires_at: expiresAt,
      refresh_in: copilotLifetime.refreshIn,
      sku: grant.identity.plan ?? "copilot_individual",
      chat_enabled: true,
      endpoints: { api: `${baseUrl}/copilot-api`, proxy: `${baseUrl}/copilot-proxy`, telemetry: `${baseUrl}/copilot-telemetry`, "origin-tracker": `${baseUrl}/copilot-origin` },
    });
  }

  // ---------- Qwen ----------
  function qwen(request: MockRequestView, path: string): MockReply | undefined {
    if (request.method === "POST" && path === "/qwen/api/v1/oauth2/device/code") {
      if (request.encoding !== "form") return json(400, { error: "invalid_request" });
      if (request.body.client_id !== SUBSCRIPTION_II_CLIENTS.qwen) return json(400, { error: "invalid_client" });
      if (request.body.code_challenge_method !== "S256" || typeof request.body.code_challenge !== "string") return json(400, { error: "invalid_request", error_description: "PKCE S256 required" });
      const [code] = newDevice("qwen", { challenge: request.body.code_challenge });
      return json(200, {
        device_code: code,
        user_code: "QWEN-MOCK",
        verification_uri: `${baseUrl}/qwen/authorize`,
        verification_uri_complete: `${baseUrl}/qwen/authorize?user_code=QWEN-MOCK&client=qwen-code`,
        expires_in: deviceLifetimes.qwen,
        ...(intervals.qwen === null ? {} : { interval: intervals.qwen }),
      });
    }
    if (request.method === "POST" && path === "/qwen/api/v1/oauth2/token") {
      if (request.body.client_id !== SUBSCRIPTION_II_CLIENTS.qwen) return json(400, { error: "invalid_client" });
      if (request.body.grant_type === "refresh_token") {
        refreshCounts.qwen += 1;
        const failure = takeFailure("qwen");
        if (failure !== undefined) return failure;
        const stored = refreshTokens.get(String(request.body.refresh_token ?? ""));
        if (stored === undefined || stored.server !== "qwen") return json(400, { error: "invalid_grant", error_description: "refresh token invalid" });
        // Qwen keeps the refresh token (none in the answer): the client keeps the old one.
        return json(200, { access_token: issue("qwen", stored.identity, "qwen-at-", tokenTtl), token_type: "Bearer", expires_in: tokenTtl, resource_url: qwenResourceUrl });
      }
      const device = devices.get(String(request.body.device_code ?? ""));
      if (device === undefined || device.server !== "qwen") return json(400, { error: "invalid_grant", error_description: "unknown device code" });
      if (typeof request.body.code_verifier !== "string" || challengeOf(request.body.code_verifier) !== device.challenge) return json(400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      const step = nextStep(device);
      if (step === "approve") {
        devices.delete(String(request.body.device_code));
        return json(200, {
          access_token: issue("qwen", device.identity, "qwen-at-", tokenTtl),
          refresh_token: issueRefresh("qwen", device.identity, "qwen-rt-"),
          token_type: "Bearer",
          expires_in: tokenTtl,
          resource_url: qwenResourceUrl,
          scope: "openid profile email model.completion",
        });
      }
      // Qwen: 400 while pending, 429 to slow down.
      return json(step === "slow_down" ? 429 : 400, { error: step, error_description: step });
    }
    return undefined;
  }

  // ---------- AWS SSO OIDC + Kiro ----------
  function awsClientValid(clientId: unknown, clientSecret: unknown): "ok" | "invalid" | "expired" {
    const client = awsClients.get(String(clientId ?? ""));
    if (client === undefined || client.secret !== clientSecret) return "invalid";
    return client.expiresAt <= clock() ? "expired" : "ok";
  }

  function aws(request: MockRequestView, path: string): MockReply | undefined {
    if (request.method === "POST" && path === "/aws/client/register") {
      if (request.encoding !== "json") return json(400, { error: "invalid_request" });
      if (request.body.clientType !== "public" || typeof request.body.clientName !== "string" || !Array.isArray(request.body.scopes)) return json(400, { error: "invalid_client_metadata" });
      registrations += 1;
      const clientId = `aws-client-${randomBytes(6).toString("hex")}`;
      const clientSecret = secret("aws-client-secret-");
      const expiresAt = clock() + 90 * 86_400_000;
      awsClients.set(clientId, { secret: clientSecret, expiresAt });
      return json(200, { clientId, clientSecret, clientIdIssuedAt: Math.floor(clock() / 1000), clientSecretExpiresAt: Math.floor(expiresAt / 1000) });
    }
    if (request.method === "POST" && path === "/aws/device_authorization") {
      if (request.encoding !== "json") return json(400, { error: "invalid_request" });
      if (awsClientValid(request.body.clientId, request.body.clientSecret) !== "ok") return json(401, { error: "invalid_client" });
      if (typeof request.body.startUrl !== "string") return json(400, { error: "invalid_request", error_description: "startUrl required" });
      const [code, device] = newDevice("aws", { clientId: String(request.body.clientId) });
      return json(200, {
        deviceCode: code,
        userCode: "AWSM-OCKS",
        verificationUri: `${baseUrl}/aws/device`,
        verificationUriComplete: `${baseUrl}/aws/device?user_code=AWSM-OCKS`,
        expiresIn: deviceLifetimes.aws,
        interval: device.interval,
      });
    }
    if (request.method === "POST" && path === "/aws/token") {
      if (request.encoding !== "json") return json(400, { error: "invalid_request" });
      if (request.body.grantType === "refresh_token") {
        refreshCounts.aws += 1;
        const failure = takeFailure("aws");
        if (failure !== undefined) return failure;
        if (awsClientValid(request.body.clientId, request.body.clientSecret) !== "ok") return json(400, { error: "invalid_client", error_description: "Client authentication failed" });
        const stored = refreshTokens.get(String(request.body.refreshToken ?? ""));
        if (stored === undefined || stored.server !== "aws" || stored.clientId !== request.body.clientId || stored.rotated) return json(400, { error: "invalid_grant" });
        stored.rotated = true;
        return json(200, {
          accessToken: issue("aws", stored.identity, "aoa-mock-", tokenTtl),
          tokenType: "Bearer",
          expiresIn: tokenTtl,
          refreshToken: issueRefresh("aws", stored.identity, "aor-mock-", String(request.body.clientId)),
        });
      }
      if (request.body.grantType !== "urn:ietf:params:oauth:grant-type:device_code") return json(400, { error: "unsupported_grant_type" });
      if (awsClientValid(request.body.clientId, request.body.clientSecret) !== "ok") return json(400, { error: "invalid_client" });
      const device = devices.get(String(request.body.deviceCode ?? ""));
      if (device === undefined || device.server !== "aws" || device.clientId !== request.body.clientId) return json(400, { error: "invalid_grant" });
      const step = nextStep(device);
      if (step === "approve") {
        devices.delete(String(request.body.deviceCode));
        return json(200, {
          accessToken: issue("aws", device.identity, "aoa-mock-", tokenTtl),
          tokenType: "Bearer",
          expiresIn: tokenTtl,
          refreshToken: issueRefresh("aws", device.identity, "aor-mock-", String(request.body.clientId)),
        });
      }
      return json(400, { error: step, error_description: step });
    }
    if (request.method === "GET" && path === "/kiro-auth/login") {
      const query = request.url.searchParams;
      const redirectUri = query.get("redirect_uri") ?? "";
      if (!["Google", "Github"].includes(query.get("idp") ?? "")) return json(400, { message: "unknown idp" });
      if (query.get("code_challenge_method") !== "S256" || (query.get("code_challenge") ?? "") === "") return json(400, { message: "PKCE S256 required" });
      if (!redirectUri.startsWith("kiro://")) return json(400, { message: "redirect_uri must be the Kiro app link" });
      const code = `kiro-code-${randomBytes(10).toString("hex")}`;
      codes.set(code, { server: "kiro-social", identity: currentIdentity(), redirectUri, challenge: query.get("code_challenge")!, used: false });
      const target = new URL(redirectUri);
      target.searchParams.set("code", code);
      target.searchParams.set("state", query.get("state") ?? "");
      return { status: 302, headers: { location: target.toString() } };
    }
    if (request.method === "POST" && path === "/kiro-auth/oauth/token") {
      if (request.encoding !== "json") return json(400, { message: "JSON expected" });
      const issued = codes.get(String(request.body.code ?? ""));
      if (issued === undefined || issued.used || issued.server !== "kiro-social") return json(400, { message: "invalid code" });
      issued.used = true;
      if (issued.redirectUri !== request.body.redirect_uri) return json(400, { message: "redirect_uri mismatch" });
      if (typeof request.body.code_verifier !== "string" || challengeOf(request.body.code_verifier) !== issued.challenge) return json(400, { message: "PKCE verification failed" });
      return json(200, kiroSocialTokens(issued.identity));
    }
    if (request.method === "POST" && path === "/kiro-auth/refreshToken") {
      refreshCounts["kiro-social"] += 1;
      const failure = takeFailure("kiro-social");
      if (failure !== undefined) return failure;
      const stored = refreshTokens.get(String(request.body.refreshToken ?? ""));
      if (stored === undefined || stored.server !== "kiro-social" || stored.rotated) return json(401, { message: "Invalid refresh token" });
      stored.rotated = true;
      return json(200, kiroSocialTokens(stored.identity));
    }
    if (request.method === "GET" && path === "/kiro-api/getUsageLimits") {
      const header = request.authorization ?? "";
      const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
      const grant = grantOf(token, "aws") ?? grantOf(token, "kiro-social");
      if (grant === undefined) return json(403, { message: "The bearer token included in the request is invalid." });
      if (request.url.searchParams.get("isEmailRequired") !== "true") return json(400, { message: "isEmailRequired" });
      if (grant.server === "kiro-social" && request.url.searchParams.get("profileArn") !== KIRO_SOCIAL_PROFILE_ARN) return json(400, { message: "profileArn required" });
      return json(200, {
        daysUntilReset: 12,
        nextDateReset: 1_893_456_000,
        userInfo: { email: grant.identity.email, userId: grant.identity.accountId },
        subscriptionInfo: { subscriptionTitle: grant.identity.plan ?? "KIRO FREE", type: "Q_DEVELOPER_STANDALONE_FREE" },
        usageBreakdownList: [
          {
            resourceType: "AGENTIC_REQUEST",
            currentUsage: 12,
            usageLimit: 50,
            currentUsageWithPrecision: 12.5,
            usageLimitWithPrecision: 50,
            nextDateReset: 1_893_456_000,
            freeTrialInfo: { currentUsage: 40, usageLimit: 500, currentUsageWithPrecision: 40, usageLimitWithPrecision: 500, freeTrialExpiry: 1_894_000_000 },
          },
        ],
      });
    }
    return undefined;
  }

  function kiroSocialTokens(identity: MockIdentity): Record<string, unknown> {
    return {
      accessToken: issue("kiro-social", identity, "kso-mock-", tokenTtl),
      refreshToken: issueRefresh("kiro-social", identity, "ksr-mock-"),
      profileArn: KIRO_SOCIAL_PROFILE_ARN,
      expiresIn: tokenTtl,
    };
  }

  // ---------- iFlow ----------
  function iflowApiKey(identity: MockIdentity): string {
    let key = iflowKeys.get(identity.accountId);
    if (key === undefined) {
      key = secret("sk-iflow-mock-");
      iflowKeys.set(identity.accountId, key);
    }
    return key;
  }

  function iflow(request: MockRequestView, path: string): MockReply | undefined {
    if (request.method === "GET" && path === "/iflow/oauth") {
      const query = request.url.searchParams;
      if (query.get("client_id") !== SUBSCRIPTION_II_CLIENTS.iflow) return json(400, { message: "unknown client" });
      if (query.get("loginMethod") !== "phone" || query.get("type") !== "phone") return json(400, { message: "loginMethod" });
      // iFlow names the redirect `redirect`, not `redirect_uri`.
      const redirect = query.get("redirect") ?? "";
      if (!/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(redirect) || query.has("redirect_uri")) return json(400, { message: "redirect" });
      const code = `iflow-code-${randomBytes(10).toString("hex")}`;
      codes.set(code, { server: "iflow", identity: currentIdentity(), redirectUri: redirect, used: false });
      const target = new URL(redirect);
      target.searchParams.set("code", code);
      target.searchParams.set("state", query.get("state") ?? "");
      return { status: 302, headers: { location: target.toString() } };
    }
    if (request.method === "POST" && path === "/iflow/oauth/token") {
      const basic = `Basic ${Buffer.from(`${SUBSCRIPTION_II_CLIENTS.iflow}:${SUBSCRIPTION_II_CLIENTS.iflowSecret}`).toString("base64")}`;
      if (request.encoding !== "form" || request.authorization !== basic || request.body.client_secret !== SUBSCRIPTION_II_CLIENTS.iflowSecret || request.body.client_id !== SUBSCRIPTION_II_CLIENTS.iflow) {
        return json(401, { error: "invalid_client" });
      }
      if (request.body.grant_type === "authorization_code") {
        const issued = codes.get(String(request.body.code ?? ""));
        if (issued === undefined || issued.used || issued.server !== "iflow") return json(400, { error: "invalid_grant" });
        issued.used = true;
        if (issued.redirectUri !== request.body.redirect_uri) return json(400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
        return json(200, iflowTokens(issued.identity));
      }
      if (request.body.grant_type === "refresh_token") {
        refreshCounts.iflow += 1;
        const failure = takeFailure("iflow");
        if (failure !== undefined) return failure;
        const stored = refreshTokens.get(String(request.body.refresh_token ?? ""));
        if (stored === undefined || stored.server !== "iflow" || stored.rotated) return json(400, { error: "invalid_grant" });
        stored.rotated = true;
        return json(200, iflowTokens(stored.identity));
      }
      return json(400, { error: "unsupported_grant_type" });
    }
    if (request.method === "GET" && path === "/iflow/api/oauth/getUserInfo") {
      const grant = grantOf(request.url.searchParams.get("accessToken") ?? undefined, "iflow");
      if (grant === undefined) return json(200, { success: false, code: "401", message: "token invalid", data: null });
      return json(200, { success: true, code: "200", message: "success", data: { apiKey: iflowApiKey(grant.identity), email: grant.identity.email, phone: grant.identity.accountId } });
    }
    return undefined;
  }

  function iflowTokens(identity: MockIdentity): Record<string, unknown> {
    return { access_token: issue("iflow", identity, "iflow-at-", tokenTtl), refresh_token: issueRefresh("iflow", identity, "iflow-rt-"), expires_in: tokenTtl, token_type: "bearer", scope: "read" };
  }

  const controls: SubscriptionIiControls = {
    scriptDevice(server, steps) {
      scripts[server] = [...steps];
    },
    setDeviceInterval(server, seconds) {
      intervals[server] = seconds;
    },
    setDeviceExpiresIn(server, seconds) {
      deviceLifetimes[server] = seconds;
    },
    setTokenTtl(seconds) {
      tokenTtl = seconds;
    },
    setCopilotTokenLifetime(expiresIn, refreshIn) {
      copilotLifetime = { expiresIn, refreshIn };
    },
    setGitHubExpiringTokens(on) {
      githubExpiring = on;
    },
    setExchangeDelay(milliseconds) {
      exchangeDelayMs = milliseconds;
    },
    failNext(call, answer, times = 1) {
      failures.set(call, { ...answer, times });
    },
    exchangeCalls: () => exchanges,
    refreshCalls: (server) => refreshCounts[server],
    registrations: () => registrations,
    expireAwsClients() {
      for (const client of awsClients.values()) client.expiresAt = clock() - 1;
    },
    rotateIflowApiKey() {
      const key = secret("sk-iflow-mock-");
      iflowKeys.set(currentIdentity().accountId, key);
      return key;
    },
    setQwenResourceUrl(value) {
      qwenResourceUrl = value;
    },
    copilotChatCalls: () => copilotChats,
    setClock(now) {
      clock = now;
    },
    overrides({ ifCallbackPort }) {
      return {
        gh: {
          tokenUrl: `${baseUrl}/github/login/oauth/access_token`,
          deviceCodeUrl: `${baseUrl}/github/login/device/code`,
          deviceVerificationUrl: `${baseUrl}/github/login/device`,
          userinfoUrl: `${baseUrl}/github/api/user`,
          tokenExchangeUrl: `${baseUrl}/github/api/copilot_internal/v2/token`,
          quotaUrl: `${baseUrl}/github/api/copilot_internal/user`,
        },
        qw: { tokenUrl: `${baseUrl}/qwen/api/v1/oauth2/token`, deviceCodeUrl: `${baseUrl}/qwen/api/v1/oauth2/device/code` },
        kr: {
          clientRegistrationUrl: `${baseUrl}/aws/client/register`,
          deviceCodeUrl: `${baseUrl}/aws/device_authorization`,
          tokenUrl: `${baseUrl}/aws/token`,
          authorizeUrl: `${baseUrl}/kiro-auth/login`,
          socialTokenUrl: `${baseUrl}/kiro-auth/oauth/token`,
          socialRefreshUrl: `${baseUrl}/kiro-auth/refreshToken`,
          socialApiEndpoint: `${baseUrl}/kiro-runtime`,
          quotaUrl: `${baseUrl}/kiro-api/getUsageLimits`,
        },
        if: {
          authorizeUrl: `${baseUrl}/iflow/oauth`,
          tokenUrl: `${baseUrl}/iflow/oauth/token`,
          userinfoUrl: `${baseUrl}/iflow/api/oauth/getUserInfo`,
          ...(ifCallbackPort === undefined ? {} : { callbackPort: ifCallbackPort }),
        },
      };
    },
  };

  return {
    controls,
    /** The answer for one of these servers' paths; undefined: not theirs. */
    async handle(request: MockRequestView): Promise<MockReply | undefined> {
      const path = request.url.pathname;
      if (request.method === "GET" && path === "/github/api/copilot_internal/v2/token") return copilotExchange(request);
      if (path.startsWith("/github/") || path.startsWith("/copilot-api/")) return github(request, path);
      if (path.startsWith("/qwen/")) return qwen(request, path);
      if (path.startsWith("/aws/") || path.startsWith("/kiro-")) return aws(request, path);
      if (path.startsWith("/iflow/")) return iflow(request, path);
      return undefined;
    },
  };
}

/** A one-word OpenAI chat answer, as JSON or as the SSE stream. */
function copilotChat(stream: boolean, model: string): MockReply {
  const id = `chatcmpl-mock-${randomBytes(6).toString("hex")}`;
  const created = Math.floor(Date.now() / 1000);
  if (!stream) {
    return {
      status: 200,
      json: {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: "pong" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
      },
    };
  }
  const chunks = [
    { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: { role: "assistant", content: "pong" }, finish_reason: null }] },
    { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } },
  ];
  return { status: 200, headers: { "content-type": "text/event-stream" }, text: `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n` };
}

function challengeOf(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
