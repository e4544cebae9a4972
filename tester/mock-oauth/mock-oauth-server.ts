// A mock of the OAuth servers and account APIs behind the four subscription logins, speaking each one's real
// shapes (docs/OAUTH.md lists them): Anthropic (Claude Code), OpenAI (Codex, with its device login), Google
// (Gemini CLI and Antigravity: token, userinfo, Code Assist onboarding and quota), a plain RFC 8628 device
// server for the generic device flow, and issue #10's GitHub/Copilot, Qwen, AWS OIDC/Kiro and iFlow servers
// (subscription-ii-oauth-routes.ts, controlled through `mock.subscription`). It checks what a real server would refuse: unknown client ids, a PKCE
// verifier that does not match the challenge, a redirect URI that differs from the authorize one, a reused
// code, a replayed (rotated) refresh token, a non-loopback redirect for Google's installed-app clients.
//
//   const mock = await startMockOAuth({ port: 21210 });
//   const overrides = mock.overrides({ ccCallbackPort: 21211, cxCallbackPort: 21212 });   // OMNIROUTE_OAUTH_OVERRIDES
//   mock.loginAs({ email: "a@example.com", accountId: "acct-a" });
//   mock.refreshCalls("anthropic")  // how many refresh grants it answered

import { createHash, randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createSubscriptionIiRoutes, type MockReply, type SubscriptionIiControls } from "./subscription-ii-oauth-routes";

export type Personality = "anthropic" | "openai" | "google" | "rfc";

/** The real public client ids: the mock refuses any other, which proves the flows send them. */
export const MOCK_CLIENTS = {
  anthropic: "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
  openai: "app_EMoamEEZ73f0CkXaXp7hrann",
  googleGeminiCli: "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
  googleAntigravity: "884354919052-36trc1jjb3tguiac32ov6cod268c5blh.apps.googleusercontent.com",
  rfc: "mock-device-client",
} as const;

const GOOGLE_SECRETS: Record<string, string> = {
  [MOCK_CLIENTS.googleGeminiCli]: "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",
  [MOCK_CLIENTS.googleAntigravity]: "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",
};

export interface MockIdentity {
  email: string;
  /** Claude account uuid, ChatGPT account (workspace) id, Google account id. */
  accountId: string;
  /** Claude `max`/`pro`, ChatGPT `plus`/`pro`. */
  plan?: string;
}

export type RfcDeviceStep = "authorization_pending" | "slow_down" | "expired_token" | "access_denied" | "approve";

export interface RecordedOAuthRequest {
  method: string;
  path: string;
  /** `form`, `json` or `none`. */
  encoding: "form" | "json" | "none";
  body: Record<string, unknown>;
  authorization: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface MockOAuthServer {
  url: string;
  requests: RecordedOAuthRequest[];
  loginAs(identity: MockIdentity): void;
  /** The next authorize answers `error=access_denied`. */
  denyNextAuthorize(): void;
  /** Lifetime of issued access tokens (seconds). */
  setAccessTokenTtl(seconds: number): void;
  /** How long a refresh grant takes to answer (so concurrent callers really overlap). */
  setRefreshDelay(milliseconds: number): void;
  /** The next `times` refresh grants of a personality answer this instead. */
  failRefresh(personality: Personality, answer: { status: number; body: unknown }, times?: number): void;
  refreshCalls(personality: Personality): number;
  /** Every access and refresh token issued (to prove none of them is stored or shown in plain text). */
  issuedSecrets(): string[];
  /** The RFC device server's answers to the next device code's polls, in order (then `approve`). */
  scriptRfcDevice(steps: RfcDeviceStep[]): void;
  /** Codex device login: this many 403 "pending" polls before the code is granted. */
  scriptCodexDevice(pendingPolls: number): void;
  /**
   * Google: whether the current login identity already has a Code Assist project (else loadCodeAssist offers tiers
   * and onboardUser makes one), and how many operation polls onboarding takes (0: done at once). Default: not
   * onboarded, done at once.
   */
  setCodeAssist(options: { onboarded: boolean; operationPolls?: number }): void;
  /** Calls to the mock Messages API (`/anthropic-api/v1/messages`), authorized or not. */
  messageCalls(): number;
  /** GitHub/Copilot, Qwen, AWS OIDC/Kiro and iFlow (subscription-ii-oauth-routes.ts). */
  subscription: SubscriptionIiControls;
  /** Overrides for `OMNIROUTE_OAUTH_OVERRIDES` pointing every flow at this mock (iFlow's listener port optional). */
  overrides(ports: { ccCallbackPort: number; cxCallbackPort: number; ifCallbackPort?: number }): Record<string, Record<string, unknown>>;
  close(): Promise<void>;
}

interface IssuedCode {
  personality: Personality;
  clientId: string;
  redirectUri: string;
  challenge: string;
  identity: MockIdentity;
  expiresAt: number;
  used: boolean;
}

interface IssuedToken {
  personality: Personality;
  identity: MockIdentity;
  clientId: string;
  expiresAt: number;
}

export async function startMockOAuth(options: { port?: number; host?: string } = {}): Promise<MockOAuthServer> {
  const requests: RecordedOAuthRequest[] = [];
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, IssuedToken>();
  /** refresh token → its grant; `rotated` once exchanged (a replay is then refused). */
  const refreshTokens = new Map<string, IssuedToken & { rotated: boolean }>();
  const secrets: string[] = [];
  const refreshCounts: Record<Personality, number> = { anthropic: 0, openai: 0, google: 0, rfc: 0 };
  const refreshFailures: Record<Personality, { status: number; body: unknown; times: number } | undefined> = {
    anthropic: undefined,
    openai: undefined,
    google: undefined,
    rfc: undefined,
  };
  let identity: MockIdentity = { email: "someone@example.com", accountId: "acct-0001", plan: "max" };
  let denyNext = false;
  let ttlSeconds = 3600;
  let refreshDelayMs = 30;
  let rfcScript: RfcDeviceStep[] = [];
  let codexPendingPolls = 0;
  let onboardingPolls = 0;
  let messageCalls = 0;
  const rfcDevices = new Map<string, { steps: RfcDeviceStep[]; identity: MockIdentity; challenge?: string; expiresAt: number }>();
  const codexDevices = new Map<string, { pending: number; identity: MockIdentity; userCode: string }>();
  const operations = new Map<string, { remaining: number; projectId: string }>();
  const projects = new Map<string, string>(); // google account id → project

  const server = http.createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) json(response, 500, { error: "mock_failure" });
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const subscription = createSubscriptionIiRoutes(
    url,
    () => identity,
    (value) => secrets.push(value),
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = new URL(request.url ?? "/", url);
    const raw = await readBody(request);
    const contentType = String(request.headers["content-type"] ?? "");
    const encoding = raw === "" ? "none" : contentType.includes("application/json") ? "json" : contentType.includes("application/x-www-form-urlencoded") ? "form" : "none";
    let body: Record<string, unknown> = {};
    if (encoding === "json") body = safeJson(raw);
    if (encoding === "form") body = Object.fromEntries(new URLSearchParams(raw));
    const authorization = typeof request.headers.authorization === "string" ? request.headers.authorization : undefined;
    requests.push({ method: request.method ?? "GET", path: parsed.pathname, encoding, body, authorization, headers: request.headers });
    const path = parsed.pathname;
    const method = request.method ?? "GET";

    // Authorize endpoints (the browser's GET).
    if (method === "GET" && path === "/anthropic/oauth/authorize") return authorize(response, parsed, "anthropic");
    if (method === "GET" && path === "/openai/oauth/authorize") return authorize(response, parsed, "openai");
    if (method === "GET" && path === "/google/o/oauth2/v2/auth") return authorize(response, parsed, "google");

    // Token endpoints.
    if (method === "POST" && path === "/anthropic/v1/oauth/token") {
      if (encoding !== "json") return json(response, 400, { error: "invalid_request", error_description: "JSON body expected" });
      return token(response, body, "anthropic");
    }
    if (method === "POST" && path === "/openai/oauth/token") return token(response, body, "openai");
    if (method === "POST" && path === "/google/token") {
      if (encoding !== "form") return json(response, 400, { error: "invalid_request" });
      return token(response, body, "google");
    }
    if (method === "POST" && path === "/rfc/token") return rfcToken(response, body);

    // Account APIs.
    if (method === "GET" && path === "/anthropic/api/oauth/profile") {
      const grant = bearer(authorization, "anthropic");
      if (grant === undefined || request.headers["anthropic-beta"] !== "oauth-2025-04-20") return json(response, 401, { type: "error", error: { type: "authentication_error" } });
      return json(response, 200, {
        account: { uuid: grant.identity.accountId, email: grant.identity.email, display_name: "Mock User" },
        organization: { uuid: "org-1", organization_type: grant.identity.plan === undefined ? "claude_free" : `claude_${grant.identity.plan}` },
      });
    }
    if (method === "GET" && path === "/anthropic/api/oauth/usage") {
      if (bearer(authorization, "anthropic") === undefined || request.headers["anthropic-beta"] !== "oauth-2025-04-20") return json(response, 401, {});
      return json(response, 200, {
        five_hour: { utilization: 12.5, resets_at: "2030-01-01T05:00:00Z" },
        seven_day: { utilization: 40, resets_at: "2030-01-07T00:00:00Z" },
      });
    }
    if (method === "GET" && path === "/openai/backend-api/wham/usage") {
      const grant = bearer(authorization, "openai");
      if (grant === undefined || request.headers["chatgpt-account-id"] !== grant.identity.accountId) return json(response, 401, { detail: "unauthorized" });
      return json(response, 200, {
        plan_type: grant.identity.plan ?? "plus",
        rate_limit: {
          primary_window: { used_percent: 25, limit_window_seconds: 18_000, reset_at: 1_893_474_000 },
          secondary_window: { used_percent: 70, limit_window_seconds: 604_800, reset_at: 1_894_000_000 },
        },
      });
    }
    if (method === "POST" && path === "/openai/api/accounts/deviceauth/usercode") {
      if (body.client_id !== MOCK_CLIENTS.openai) return json(response, 400, { error: "invalid_client" });
      const deviceAuthId = `dev-${randomBytes(6).toString("hex")}`;
      const userCode = `${randomBytes(2).toString("hex").toUpperCase()}-${randomBytes(2).toString("hex").toUpperCase()}`;
      codexDevices.set(deviceAuthId, { pending: codexPendingPolls, identity, userCode });
      // Codex sends the interval as a string; "0" keeps tests fast.
      return json(response, 200, { device_auth_id: deviceAuthId, user_code: userCode, interval: "0" });
    }
    if (method === "POST" && path === "/openai/api/accounts/deviceauth/token") {
      const device = codexDevices.get(String(body.device_auth_id ?? ""));
      if (device === undefined || device.userCode !== body.user_code) return json(response, 404, { error: "not_found" });
      if (device.pending > 0) {
        device.pending -= 1;
        return json(response, 403, { error: "authorization_pending" });
      }
      codexDevices.delete(String(body.device_auth_id));
      const verifier = randomBytes(32).toString("base64url");
      const code = `codex-device-code-${randomBytes(6).toString("hex")}`;
      codes.set(code, {
        personality: "openai",
        clientId: MOCK_CLIENTS.openai,
        redirectUri: `${url}/openai/deviceauth/callback`,
        challenge: challengeOf(verifier),
        identity: device.identity,
        expiresAt: Date.now() + 60_000,
        used: false,
      });
      return json(response, 200, { authorization_code: code, code_challenge: challengeOf(verifier), code_verifier: verifier });
    }
    // A minimal Messages API behind Claude's OAuth bearer, for requests routed through the engine with a token.
    if (method === "POST" && path === "/anthropic-api/v1/messages") {
      messageCalls += 1;
      if (bearer(authorization, "anthropic") === undefined) {
        return json(response, 401, { type: "error", error: { type: "authentication_error", message: "invalid bearer token" } });
      }
      return anthropicMessage(response, body.stream === true, String(body.model ?? "claude"));
    }
    if (method === "GET" && path === "/google/oauth2/v2/userinfo") {
      const grant = bearer(authorization, "google");
      if (grant === undefined) return json(response, 401, { error: { code: 401, status: "UNAUTHENTICATED" } });
      return json(response, 200, { id: grant.identity.accountId, email: grant.identity.email, verified_email: true });
    }
    if (method === "POST" && path.startsWith("/google/v1internal")) return codeAssistCall(response, path, body, authorization);
    if (method === "GET" && path.startsWith("/google/v1internal/operations/")) {
      if (bearer(authorization, "google") === undefined) return json(response, 401, {});
      const operation = operations.get(path.slice("/google/v1internal/".length));
      if (operation === undefined) return json(response, 404, {});
      if (operation.remaining > 0) {
        operation.remaining -= 1;
        return json(response, 200, { name: path.slice("/google/v1internal/".length), done: false });
      }
      return json(response, 200, { name: path.slice("/google/v1internal/".length), done: true, response: { cloudaicompanionProject: { id: operation.projectId, name: "Onboarded" } } });
    }
    if (method === "POST" && path === "/rfc/device/code") {
      if (body.client_id !== MOCK_CLIENTS.rfc) return json(response, 401, { error: "invalid_client" });
      const deviceCode = `rfc-device-${randomBytes(8).toString("hex")}`;
      const steps = rfcScript.length > 0 ? rfcScript : ["approve" as const];
      rfcScript = [];
      rfcDevices.set(deviceCode, {
        steps: [...steps],
        identity,
        ...(typeof body.code_challenge === "string" ? { challenge: body.code_challenge } : {}),
        expiresAt: Date.now() + 600_000,
      });
      return json(response, 200, {
        device_code: deviceCode,
        user_code: "WDJB-MJHT",
        verification_uri: `${url}/rfc/device`,
        verification_uri_complete: `${url}/rfc/device?user_code=WDJB-MJHT`,
        expires_in: 600,
        interval: 1,
      });
    }
    const reply = await subscription.handle({ method, url: parsed, encoding, body, authorization, headers: request.headers });
    if (reply !== undefined) return send(response, reply);
    return json(response, 404, { error: "not_found", path });
  }

  function authorize(response: ServerResponse, parsed: URL, personality: Personality): void {
    const query = parsed.searchParams;
    const clientId = query.get("client_id") ?? "";
    const redirectUri = query.get("redirect_uri") ?? "";
    const state = query.get("state") ?? "";
    const expected = personality === "google" ? [MOCK_CLIENTS.googleGeminiCli, MOCK_CLIENTS.googleAntigravity] : [MOCK_CLIENTS[personality as "anthropic" | "openai"]];
    if (!expected.includes(clientId as never)) return json(response, 400, { error: "invalid_client" });
    if (query.get("response_type") !== "code" || redirectUri === "" || state === "") return json(response, 400, { error: "invalid_request" });
    if (query.get("code_challenge_method") !== "S256" || (query.get("code_challenge") ?? "") === "") return json(response, 400, { error: "invalid_request", error_description: "PKCE S256 required" });
    // Google's installed-app clients accept loopback redirects only (and Gemini CLI's code page).
    if (personality === "google" && redirectUri !== "https://codeassist.google.com/authcode" && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(redirectUri)) {
      return json(response, 400, { error: "redirect_uri_mismatch" });
    }
    const target = new URL(redirectUri);
    if (denyNext) {
      denyNext = false;
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("state", state);
      return redirect(response, target.toString());
    }
    const code = `${personality}-code-${randomBytes(12).toString("base64url")}`;
    codes.set(code, { personality, clientId, redirectUri, challenge: query.get("code_challenge")!, identity, expiresAt: Date.now() + 60_000, used: false });
    target.searchParams.set("code", code);
    target.searchParams.set("state", state);
    redirect(response, target.toString());
  }

  async function token(response: ServerResponse, body: Record<string, unknown>, personality: Personality): Promise<void> {
    const clientId = String(body.client_id ?? "");
    if (personality === "google" && GOOGLE_SECRETS[clientId] !== body.client_secret) return json(response, 401, { error: "invalid_client" });
    if (personality !== "google" && clientId !== MOCK_CLIENTS[personality as "anthropic" | "openai"]) return json(response, 401, { error: "invalid_client" });
    if (body.grant_type === "authorization_code") {
      const issued = codes.get(String(body.code ?? ""));
      if (issued === undefined || issued.used || issued.expiresAt < Date.now() || issued.personality !== personality) return json(response, 400, { error: "invalid_grant" });
      issued.used = true;
      if (issued.clientId !== clientId || issued.redirectUri !== body.redirect_uri) return json(response, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
      if (typeof body.code_verifier !== "string" || challengeOf(body.code_verifier) !== issued.challenge) return json(response, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      if (personality === "anthropic" && typeof body.state !== "string") return json(response, 400, { error: "invalid_request", error_description: "state required" });
      return json(response, 200, grantTokens(personality, issued.identity, clientId, true));
    }
    if (body.grant_type === "refresh_token") {
      refreshCounts[personality] += 1;
      await new Promise((resolve) => setTimeout(resolve, refreshDelayMs));
      const failure = refreshFailures[personality];
      if (failure !== undefined && failure.times > 0) {
        failure.times -= 1;
        return json(response, failure.status, failure.body);
      }
      const grant = refreshTokens.get(String(body.refresh_token ?? ""));
      if (grant === undefined || grant.personality !== personality || grant.clientId !== clientId) return json(response, 400, { error: "invalid_grant" });
      if (grant.rotated) {
        return personality === "openai"
          ? json(response, 401, { error: { code: "refresh_token_reused", message: "already used" } })
          : json(response, 400, { error: "invalid_grant", error_description: "refresh token already used" });
      }
      // Claude and OpenAI rotate refresh tokens; Google keeps the same one and sends none back.
      const rotates = personality !== "google";
      if (rotates) grant.rotated = true;
      return json(response, 200, grantTokens(personality, grant.identity, clientId, rotates));
    }
    json(response, 400, { error: "unsupported_grant_type" });
  }

  function rfcToken(response: ServerResponse, body: Record<string, unknown>): void {
    if (body.grant_type === "urn:ietf:params:oauth:grant-type:device_code") {
      if (body.client_id !== MOCK_CLIENTS.rfc) return json(response, 401, { error: "invalid_client" });
      const device = rfcDevices.get(String(body.device_code ?? ""));
      if (device === undefined) return json(response, 400, { error: "invalid_grant" });
      if (device.challenge !== undefined && (typeof body.code_verifier !== "string" || challengeOf(body.code_verifier) !== device.challenge)) {
        return json(response, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      }
      const step = device.steps.shift() ?? "approve";
      if (step === "approve") {
        rfcDevices.delete(String(body.device_code));
        return json(response, 200, grantTokens("rfc", device.identity, MOCK_CLIENTS.rfc, true));
      }
      if (step === "slow_down") return json(response, 400, { error: "slow_down", interval: 6 });
      return json(response, 400, { error: step });
    }
    if (body.grant_type === "refresh_token") return void token(response, body, "rfc");
    json(response, 400, { error: "unsupported_grant_type" });
  }

  function codeAssistCall(response: ServerResponse, path: string, body: Record<string, unknown>, authorization: string | undefined): void {
    const grant = bearer(authorization, "google");
    if (grant === undefined) return json(response, 401, { error: { code: 401, status: "UNAUTHENTICATED" } });
    const method = path.slice("/google/v1internal:".length);
    const project = projects.get(grant.identity.accountId);
    if (method === "loadCodeAssist") {
      if (project !== undefined) return json(response, 200, { currentTier: { id: "free-tier", name: "Gemini Code Assist for individuals" }, cloudaicompanionProject: project });
      return json(response, 200, { allowedTiers: [{ id: "free-tier", isDefault: true }, { id: "standard-tier" }] });
    }
    if (method === "onboardUser") {
      const projectId = `mock-onboarded-${grant.identity.accountId}`;
      projects.set(grant.identity.accountId, projectId);
      if (onboardingPolls === 0) return json(response, 200, { done: true, response: { cloudaicompanionProject: { id: projectId } } });
      const name = `operations/onboard-${randomBytes(4).toString("hex")}`;
      operations.set(name, { remaining: onboardingPolls - 1, projectId });
      return json(response, 200, { name, done: false });
    }
    if (method === "retrieveUserQuota") {
      if (body.project !== project) return json(response, 403, { error: { code: 403, status: "PERMISSION_DENIED" } });
      return json(response, 200, {
        buckets: [{ modelId: "gemini-2.5-pro", tokenType: "REQUESTS", remainingFraction: 0.8, remainingAmount: "80", resetTime: "2030-01-02T00:00:00Z" }],
      });
    }
    if (method === "fetchAvailableModels") {
      if (body.project !== project) return json(response, 403, { error: { code: 403, status: "PERMISSION_DENIED" } });
      return json(response, 200, {
        models: {
          "claude-sonnet-4-5": { displayName: "Claude Sonnet 4.5", quotaInfo: { remainingFraction: 0.25, resetTime: "2030-01-01T05:00:00Z" } },
          "gemini-3-pro-high": { displayName: "Gemini 3 Pro", quotaInfo: { resetTime: "2030-01-01T06:00:00Z" } },
          "chat_20706": {},
        },
      });
    }
    json(response, 404, { error: { code: 404, status: "NOT_FOUND" } });
  }

  function grantTokens(personality: Personality, who: MockIdentity, clientId: string, withRefresh: boolean): Record<string, unknown> {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const accessToken =
      personality === "openai"
        ? jwt({ exp: Math.floor(expiresAt / 1000), "https://api.openai.com/auth": { chatgpt_account_id: who.accountId } })
        : personality === "anthropic"
          ? `sk-ant-oat01-mock-${randomBytes(16).toString("base64url")}`
          : `ya29.mock-${randomBytes(16).toString("base64url")}`;
    accessTokens.set(accessToken, { personality, identity: who, clientId, expiresAt });
    secrets.push(accessToken);
    const answer: Record<string, unknown> = { access_token: accessToken, token_type: "Bearer", expires_in: ttlSeconds };
    if (withRefresh) {
      const refreshToken = `${personality}-refresh-${randomBytes(16).toString("base64url")}`;
      refreshTokens.set(refreshToken, { personality, identity: who, clientId, expiresAt: Number.POSITIVE_INFINITY, rotated: false });
      secrets.push(refreshToken);
      answer.refresh_token = refreshToken;
    }
    if (personality === "anthropic") {
      answer.scope = "user:profile user:inference user:sessions:claude_code";
      answer.account = { uuid: who.accountId, email_address: who.email };
      answer.organization = { uuid: "org-1", name: "Mock Org" };
    }
    if (personality === "openai") {
      answer.id_token = jwt({
        email: who.email,
        "https://api.openai.com/auth": { chatgpt_account_id: who.accountId, chatgpt_plan_type: who.plan ?? "plus", chatgpt_user_id: `user-${who.accountId}` },
      });
    }
    return answer;
  }

  function bearer(authorization: string | undefined, personality: Personality): IssuedToken | undefined {
    if (authorization === undefined || !authorization.startsWith("Bearer ")) return undefined;
    const grant = accessTokens.get(authorization.slice("Bearer ".length));
    if (grant === undefined || grant.personality !== personality || grant.expiresAt < Date.now()) return undefined;
    return grant;
  }

  return {
    url,
    requests,
    loginAs(next) {
      identity = next;
    },
    denyNextAuthorize() {
      denyNext = true;
    },
    setAccessTokenTtl(seconds) {
      ttlSeconds = seconds;
    },
    setRefreshDelay(milliseconds) {
      refreshDelayMs = milliseconds;
    },
    failRefresh(personality, answer, times = 1) {
      refreshFailures[personality] = { ...answer, times };
    },
    refreshCalls: (personality) => refreshCounts[personality],
    messageCalls: () => messageCalls,
    issuedSecrets: () => [...secrets],
    scriptRfcDevice(steps) {
      rfcScript = [...steps];
    },
    scriptCodexDevice(pendingPolls) {
      codexPendingPolls = pendingPolls;
    },
    setCodeAssist(next) {
      onboardingPolls = next.operationPolls ?? 0;
      if (next.onboarded) projects.set(identity.accountId, `mock-project-${identity.accountId}`);
      else projects.delete(identity.accountId);
    },
    subscription: subscription.controls,
    overrides({ ccCallbackPort, cxCallbackPort, ifCallbackPort }) {
      return {
        ...subscription.controls.overrides(ifCallbackPort === undefined ? {} : { ifCallbackPort }),
        cc: {
          authorizeUrl: `${url}/anthropic/oauth/authorize`,
          tokenUrl: `${url}/anthropic/v1/oauth/token`,
          profileUrl: `${url}/anthropic/api/oauth/profile`,
          quotaUrl: `${url}/anthropic/api/oauth/usage`,
          manualRedirectUri: `${url}/anthropic/oauth/code/callback`,
          callbackPort: ccCallbackPort,
        },
        cx: {
          authorizeUrl: `${url}/openai/oauth/authorize`,
          tokenUrl: `${url}/openai/oauth/token`,
          deviceCodeUrl: `${url}/openai/api/accounts/deviceauth/usercode`,
          deviceTokenUrl: `${url}/openai/api/accounts/deviceauth/token`,
          deviceVerificationUrl: `${url}/openai/codex/device`,
          deviceRedirectUri: `${url}/openai/deviceauth/callback`,
          quotaUrl: `${url}/openai/backend-api/wham/usage`,
          callbackPort: cxCallbackPort,
        },
        gc: {
          authorizeUrl: `${url}/google/o/oauth2/v2/auth`,
          tokenUrl: `${url}/google/token`,
          userinfoUrl: `${url}/google/oauth2/v2/userinfo`,
          codeAssistUrl: `${url}/google/v1internal`,
          quotaUrl: `${url}/google/v1internal:retrieveUserQuota`,
        },
        ag: {
          authorizeUrl: `${url}/google/o/oauth2/v2/auth`,
          tokenUrl: `${url}/google/token`,
          userinfoUrl: `${url}/google/oauth2/v2/userinfo`,
          codeAssistUrl: `${url}/google/v1internal`,
          quotaUrl: `${url}/google/v1internal:fetchAvailableModels`,
        },
      };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function challengeOf(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unsigned-looking JWT (the signature is not checked by Codex or by us). */
function jwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: Math.floor(Date.now() / 1000), ...payload })}.${randomBytes(16).toString("base64url")}`;
}

/** A one-sentence Claude answer, as JSON or as the Messages SSE stream. */
function anthropicMessage(response: ServerResponse, stream: boolean, model: string): void {
  const id = `msg_mock_${randomBytes(6).toString("hex")}`;
  if (!stream) {
    return json(response, 200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [{ type: "text", text: "pong" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 1 },
    });
  }
  const events: [string, unknown][] = [
    ["message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 0 } } }],
    ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
    ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "pong" } }],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 1 } }],
    ["message_stop", { type: "message_stop" }],
  ];
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.end(events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(""));
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function send(response: ServerResponse, reply: MockReply): void {
  if (reply.text !== undefined) {
    response.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
    response.end(reply.text);
    return;
  }
  if (reply.json === undefined) {
    response.writeHead(reply.status, reply.headers ?? {});
    response.end();
    return;
  }
  const text = JSON.stringify(reply.json);
  response.writeHead(reply.status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...reply.headers });
  response.end(text);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location });
  response.end();
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
