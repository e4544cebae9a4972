import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { after, before, describe, it } from "node:test";
import { browse, consentAt, createOAuthTestBed, type OAuthTestBed } from "../../../../tester/mock-oauth/oauth-test-kit";
import { MOCK_CLIENTS } from "../../../../tester/mock-oauth/mock-oauth-server";
import { OAuthFlowError } from "./oauth-flow-error";
import { decryptTokenSet } from "./oauth-token-set";

const CC_PORT = 21231;
const CX_PORT = 21232;
const ORIGIN = "http://127.0.0.1:21230";

let bed: OAuthTestBed;
before(async () => {
  bed = await createOAuthTestBed({ ccCallbackPort: CC_PORT, cxCallbackPort: CX_PORT });
});
after(async () => {
  await bed.dispose();
});

async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(OAuthFlowError.isInstance(error), `expected an OAuthFlowError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.code, code);
    return true;
  });
}

function storedAccounts(providerId: string) {
  return bed.configDb.read().providers.find((provider) => provider.id === providerId)?.accounts ?? [];
}

describe("Claude Code: authorization code + PKCE through the loopback listener", () => {
  it("builds the authorize URL Claude Code builds", async () => {
    const result = await bed.service.authorize("cc", { origin: ORIGIN });
    const url = new URL(result.authorizeUrl);
    assert.equal(url.origin + url.pathname, `${bed.mock.url}/anthropic/oauth/authorize`);
    assert.equal(url.searchParams.get("code"), "true");
    assert.equal(url.searchParams.get("client_id"), MOCK_CLIENTS.anthropic);
    assert.equal(url.searchParams.get("response_type"), "code");
    assert.equal(url.searchParams.get("redirect_uri"), `http://localhost:${CC_PORT}/callback`);
    assert.equal(url.searchParams.get("scope"), "org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload");
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.match(url.searchParams.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
    assert.equal(url.searchParams.get("state"), result.state);
    assert.equal(result.completion, "loopback");
    assert.equal(result.redirectUri, `http://localhost:${CC_PORT}/callback`);
    assert.ok(Date.parse(result.expiresAt) - Date.now() > 9 * 60_000);
    assert.equal((await browse(`http://127.0.0.1:${CC_PORT}/elsewhere`)).status, 404, "the listener answers only its path");
    // The user gives up at the provider: the login ends, and with it the listener.
    await rejectsWith(bed.service.completeCallback("cc", new URLSearchParams({ error: "access_denied", state: result.state })), 400, "access_denied");
    await assert.rejects(browse(`http://127.0.0.1:${CC_PORT}/callback`), "the listener is closed");
  });

  it("connects: the mock verifies PKCE, the listener redirects to the dashboard, tokens are stored encrypted", async () => {
    bed.mock.loginAs({ email: "max@example.com", accountId: "claude-uuid-1", plan: "max" });
    const { authorizeUrl } = await bed.service.authorize("cc", { origin: ORIGIN });
    const back = await consentAt(authorizeUrl);
    assert.equal(back.host, `localhost:${CC_PORT}`);
    // The browser follows to the listener (127.0.0.1: localhost may resolve to ::1 first in this sandbox).
    const landing = await browse(back.toString().replace("localhost", "127.0.0.1"));
    assert.equal(landing.status, 302, landing.body);
    assert.equal(landing.location, `${ORIGIN}/dashboard/providers?connected=cc`);

    const [connection] = bed.service.status("cc");
    assert.ok(connection);
    assert.equal(connection.name, "max@example.com");
    assert.deepEqual(connection.identity, { email: "max@example.com", accountId: "claude-uuid-1", plan: "max" });
    assert.equal(connection.status, "active");
    assert.ok(connection.expiresAt !== null);

    const exchange = bed.mock.requests.find((request) => request.path === "/anthropic/v1/oauth/token");
    assert.equal(exchange?.encoding, "json");
    assert.equal(exchange?.body.grant_type, "authorization_code");
    assert.equal(exchange?.body.redirect_uri, `http://localhost:${CC_PORT}/callback`);
    assert.equal(typeof exchange?.body.state, "string");

    const raw = readFileSync(bed.dbFile, "utf8");
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!raw.includes(secret), "a token is stored in plain text");
    const stored = storedAccounts("cc")[0]!;
    assert.match(stored.oauth!.credentialsEncrypted, /^enc:v1:/);
    assert.equal(stored.apiKeyEncrypted, undefined);
    assert.equal(decryptTokenSet(stored.oauth!.credentialsEncrypted, bed.storageKey).accessToken.startsWith("sk-ant-oat01-mock-"), true);
  });

  it("closes the listener once the login it waited for is done", async () => {
    await assert.rejects(browse(`http://127.0.0.1:${CC_PORT}/callback?code=x&state=y`), "the listener still answers");
  });

  it("reconnecting the same identity updates the connection instead of adding one", async () => {
    const before = storedAccounts("cc");
    const { authorizeUrl } = await bed.service.authorize("cc", { origin: ORIGIN });
    const back = await consentAt(authorizeUrl);
    const result = await bed.service.exchange("cc", { redirectUrl: back.toString() });
    assert.equal(result.created, false);
    const after = storedAccounts("cc");
    assert.equal(after.length, before.length);
    assert.notEqual(after[0]!.oauth!.credentialsEncrypted, before[0]!.oauth!.credentialsEncrypted);
  });

  it("the manual mode sends Claude's code page as redirect and takes `code#state` pasted", async () => {
    bed.mock.loginAs({ email: "pro@example.com", accountId: "claude-uuid-2", plan: "pro" });
    const started = await bed.service.authorize("cc", { origin: ORIGIN, mode: "manual" });
    assert.equal(started.completion, "paste");
    assert.equal(started.redirectUri, `${bed.mock.url}/anthropic/oauth/code/callback`);
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.exchange("cc", { code: `${back.searchParams.get("code")}#${back.searchParams.get("state")}` });
    assert.equal(result.created, true);
    assert.equal(result.connection.identity.plan, "pro");
    assert.equal(storedAccounts("cc").length, 2);
  });
});

describe("state: single use, expiring, bound to its provider", () => {
  it("a reused state is refused with 400", async () => {
    bed.mock.loginAs({ email: "reuse@example.com", accountId: "claude-uuid-3" });
    const { authorizeUrl } = await bed.service.authorize("cc", { origin: ORIGIN, mode: "manual" });
    const back = await consentAt(authorizeUrl);
    await bed.service.exchange("cc", { redirectUrl: back.toString() });
    await rejectsWith(bed.service.exchange("cc", { redirectUrl: back.toString() }), 400, "invalid_state");
  });

  it("an unknown state and a missing state are refused with 400", async () => {
    await rejectsWith(bed.service.completeCallback("gc", new URLSearchParams({ code: "c", state: "never-issued" })), 400, "invalid_state");
    await rejectsWith(bed.service.completeCallback("gc", new URLSearchParams({ code: "c" })), 400, "invalid_state");
  });

  it("another provider's state is refused with 400 and spent", async () => {
    const { authorizeUrl } = await bed.service.authorize("gc", { origin: ORIGIN });
    const back = await consentAt(authorizeUrl);
    await rejectsWith(bed.service.completeCallback("ag", back.searchParams), 400, "invalid_state");
    await rejectsWith(bed.service.completeCallback("gc", back.searchParams), 400, "invalid_state");
  });

  it("a provider's refusal (access_denied) is a clear 400", async () => {
    bed.mock.denyNextAuthorize();
    const { authorizeUrl } = await bed.service.authorize("gc", { origin: ORIGIN });
    const back = await consentAt(authorizeUrl);
    assert.equal(back.searchParams.get("error"), "access_denied");
    await rejectsWith(bed.service.completeCallback("gc", back.searchParams), 400, "access_denied");
  });
});

describe("Gemini CLI and Antigravity: our callback route, Google userinfo, Code Assist project", () => {
  it("gc: redirects to our callback on a loopback origin, onboards the free tier and keeps the project", async () => {
    bed.mock.loginAs({ email: "gem@example.com", accountId: "google-1" });
    bed.mock.setCodeAssist({ onboarded: false, operationPolls: 2 });
    const started = await bed.service.authorize("gc", { origin: ORIGIN });
    assert.equal(started.completion, "callback");
    assert.equal(started.redirectUri, `${ORIGIN}/api/oauth/gc/callback`);
    const url = new URL(started.authorizeUrl);
    assert.equal(url.searchParams.get("access_type"), "offline");
    assert.equal(url.searchParams.get("prompt"), "consent");
    assert.equal(url.searchParams.get("client_id"), MOCK_CLIENTS.googleGeminiCli);
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.completeCallback("gc", back.searchParams);
    assert.deepEqual(result.connection.identity, { email: "gem@example.com", accountId: "google-1", plan: "free-tier" });
    const tokens = decryptTokenSet(storedAccounts("gc")[0]!.oauth!.credentialsEncrypted, bed.storageKey);
    assert.deepEqual(tokens.extras, { projectId: "mock-onboarded-google-1" });
    const onboarding = bed.mock.requests.filter((request) => request.path.startsWith("/google/v1internal"));
    assert.deepEqual(
      onboarding.map((request) => `${request.method} ${request.path}`),
      ["POST /google/v1internal:loadCodeAssist", "POST /google/v1internal:onboardUser", ...onboarding.slice(2).map(() => "GET /google/v1internal/operations/" + onboarding[2]!.path.split("/").pop())],
    );
    assert.equal(onboarding.length, 4, "two operation polls");
    assert.deepEqual(onboarding[1]!.body, { tierId: "free-tier", metadata: { ideType: "IDE_UNSPECIFIED", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" } });
    const exchange = bed.mock.requests.find((request) => request.path === "/google/token");
    assert.equal(exchange?.encoding, "form");
  });

  it("gc manual mode: Google's code page shows the code alone, pasted without state", async () => {
    bed.mock.loginAs({ email: "manual-gem@example.com", accountId: "google-m" });
    bed.mock.setCodeAssist({ onboarded: true });
    const started = await bed.service.authorize("gc", { origin: ORIGIN, mode: "manual" });
    assert.equal(started.completion, "paste");
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.exchange("gc", { code: back.searchParams.get("code")! });
    assert.equal(result.connection.identity.email, "manual-gem@example.com");
  });

  it("gc on a remote dashboard: a localhost redirect the user pastes back", async () => {
    const started = await bed.service.authorize("gc", { origin: "https://omni.example.com" });
    assert.equal(started.completion, "paste");
    assert.equal(started.redirectUri, "http://localhost/api/oauth/gc/callback");
  });

  it("ag: its own client and metadata; an onboarded account keeps its project", async () => {
    bed.mock.loginAs({ email: "ag@example.com", accountId: "google-2" });
    bed.mock.setCodeAssist({ onboarded: true });
    const started = await bed.service.authorize("ag", { origin: ORIGIN });
    assert.equal(new URL(started.authorizeUrl).searchParams.get("client_id"), MOCK_CLIENTS.googleAntigravity);
    assert.ok(new URL(started.authorizeUrl).searchParams.get("scope")?.includes("https://www.googleapis.com/auth/cclog"));
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.completeCallback("ag", back.searchParams);
    assert.equal(result.connection.identity.plan, "free-tier");
    const load = bed.mock.requests.filter((request) => request.path === "/google/v1internal:loadCodeAssist").at(-1);
    assert.deepEqual(load?.body, { metadata: { ideType: "ANTIGRAVITY", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" } });
    const tokens = decryptTokenSet(storedAccounts("ag")[0]!.oauth!.credentialsEncrypted, bed.storageKey);
    assert.equal(tokens.extras.projectId, "mock-project-google-2");
  });
});

describe("Codex: loopback listener, paste, device login, import", () => {
  it("authorize names Codex's parameters and its fixed redirect", async () => {
    const started = await bed.service.authorize("cx", { origin: ORIGIN });
    const url = new URL(started.authorizeUrl);
    assert.equal(url.searchParams.get("redirect_uri"), `http://localhost:${CX_PORT}/auth/callback`);
    assert.equal(url.searchParams.get("id_token_add_organizations"), "true");
    assert.equal(url.searchParams.get("codex_cli_simplified_flow"), "true");
    assert.equal(url.searchParams.get("originator"), "codex_cli_rs");
    assert.equal(url.searchParams.get("scope"), "openid profile email offline_access api.connectors.read api.connectors.invoke");
    assert.equal(started.completion, "loopback");
    // Abandon it (the listener closes) so that the next test can take the port.
    await rejectsWith(bed.service.completeCallback("cx", new URLSearchParams({ error: "access_denied", state: started.state })), 400, "access_denied");
  });

  it("a busy callback port (the real CLI logging in) falls back to pasting the redirect URL", async () => {
    const squatter = createServer((_request, response) => response.end("someone else"));
    await new Promise<void>((resolve) => squatter.listen(CX_PORT, "127.0.0.1", resolve));
    try {
      const started = await bed.service.authorize("cx", { origin: ORIGIN });
      assert.equal(started.completion, "paste");
      assert.equal(started.redirectUri, `http://localhost:${CX_PORT}/auth/callback`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it("the pasted redirect URL connects; id token claims give email, workspace and plan", async () => {
    bed.mock.loginAs({ email: "coder@example.com", accountId: "ws-personal", plan: "pro" });
    const started = await bed.service.authorize("cx", { origin: ORIGIN });
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.exchange("cx", { redirectUrl: back.toString() });
    assert.deepEqual(result.connection.identity, { email: "coder@example.com", accountId: "ws-personal", plan: "pro" });
    const tokens = decryptTokenSet(storedAccounts("cx")[0]!.oauth!.credentialsEncrypted, bed.storageKey);
    assert.equal(tokens.extras.chatgptAccountId, "ws-personal");
    assert.ok(tokens.expiresAt !== null && tokens.idToken !== undefined);
  });

  it("the same email in another workspace is another connection", async () => {
    bed.mock.loginAs({ email: "coder@example.com", accountId: "ws-team", plan: "team" });
    const started = await bed.service.authorize("cx", { origin: ORIGIN });
    const back = await consentAt(started.authorizeUrl);
    const result = await bed.service.exchange("cx", { redirectUrl: back.toString() });
    assert.equal(result.created, true);
    assert.equal(result.connection.name, "coder@example.com (2)");
    assert.equal(storedAccounts("cx").length, 2);
  });

  it("device login: pending polls, then connected", async () => {
    bed.mock.loginAs({ email: "device@example.com", accountId: "ws-device" });
    bed.mock.scriptCodexDevice(2);
    const started = await bed.service.startDeviceFlow("cx");
    assert.match(started.userCode, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
    assert.equal(started.verificationUri, `${bed.mock.url}/openai/codex/device`);
    assert.equal(started.interval, 0);
    assert.equal((await bed.service.pollDeviceFlow("cx", started.flowId)).status, "pending");
    assert.equal((await bed.service.pollDeviceFlow("cx", started.flowId)).status, "pending");
    const done = await bed.service.pollDeviceFlow("cx", started.flowId);
    assert.equal(done.status, "connected");
    assert.equal(done.connection?.identity.email, "device@example.com");
    assert.equal((await bed.service.pollDeviceFlow("cx", started.flowId)).status, "connected", "a repeated poll reads the outcome");
    await rejectsWith(bed.service.pollDeviceFlow("cx", "unknown-flow"), 404, "not_found");
    await rejectsWith(bed.service.startDeviceFlow("cc"), 400, "unsupported");
  });

  it("imports ~/.codex/auth.json content, and refuses an API-key-only file", async () => {
    bed.mock.loginAs({ email: "imported@example.com", accountId: "ws-import", plan: "plus" });
    // Tokens made by the mock so that they are real to it.
    const started = await bed.service.authorize("cx", { origin: ORIGIN });
    await consentAt(started.authorizeUrl);
    const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    const idToken = `${header}.${Buffer.from(JSON.stringify({ email: "imported@example.com", "https://api.openai.com/auth": { chatgpt_account_id: "ws-import", chatgpt_plan_type: "plus" } })).toString("base64url")}.sig`;
    const access = `${header}.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url")}.sig`;
    const authJson = JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: idToken, access_token: access, refresh_token: "rt-imported", account_id: "ws-import" }, last_refresh: "2026-01-01T00:00:00Z" });
    const result = await bed.service.importCredentials("cx", authJson);
    assert.deepEqual(result.connection.identity, { email: "imported@example.com", accountId: "ws-import", plan: "plus" });
    await rejectsWith(bed.service.importCredentials("cx", { OPENAI_API_KEY: "sk-x" }), 400, "invalid_input");
    await rejectsWith(bed.service.importCredentials("cx", "not json"), 400, "invalid_input");
    await rejectsWith(bed.service.importCredentials("ag", "{}"), 400, "unsupported");
  });
});

describe("status and disconnect", () => {
  it("the catalog's flow names are aliases of the provider ids", () => {
    assert.deepEqual(bed.service.status("codex"), bed.service.status("cx"));
    assert.deepEqual(bed.service.capabilities("claude-code"), bed.service.capabilities("cc"));
  });

  it("status shows identity and state, never a token", () => {
    const text = JSON.stringify(bed.service.status("cx"));
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!text.includes(secret));
    assert.ok(!/rt-imported|refresh|access_token|accessToken/.test(text), text);
  });

  it("disconnect removes the connection; an unknown id is a 404", async () => {
    const [first] = bed.service.status("cx");
    await bed.service.disconnect("cx", first!.connectionId);
    assert.ok(!bed.service.status("cx").some((connection) => connection.connectionId === first!.connectionId));
    await rejectsWith(bed.service.disconnect("cx", first!.connectionId), 404, "not_found");
    await rejectsWith(bed.service.disconnect("nope", "x"), 404, "not_found");
  });

  it("no log line holds a token", () => {
    const logs = bed.logLines.join("\n");
    assert.ok(bed.logLines.some((line) => line.startsWith("info oauth connected")));
    for (const secret of bed.mock.issuedSecrets()) assert.ok(!logs.includes(secret));
  });
});
