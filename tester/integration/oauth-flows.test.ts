// The OAuth logins end to end: the real server (temp DATA_DIR) with every flow pointed at tester/mock-oauth through
// OMNIROUTE_OAUTH_OVERRIDES, the test playing the browser. Covers: Claude Code through its loopback listener
// (PKCE verified by the mock), Gemini CLI through our callback route, Codex through its listener and by pasting the
// redirect URL, Codex's device login, state reuse and mismatch, reconnect without duplicates, disconnect, tokens
// encrypted at rest; and, through the engine, one refresh for many concurrent requests and a refused refresh
// ending as auth-failed. No token may appear in an API answer, a log or a file in DATA_DIR.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { getBuiltInProvider } from "../../open-sse/src/providers/built-in-providers";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startMockOAuth, type MockOAuthServer } from "../mock-oauth/mock-oauth-server";

const CC_PORT = 21251;
const CX_PORT = 21252;
const PASSWORD = "oauth-flows-password-1";
/** The engine path needs the catalog's Claude Code provider and its executor (open-sse). */
const engineReady = getBuiltInProvider("cc")?.executor === "claude-code";

let mock: MockOAuthServer;
let server: OmnirouteProcess;
let cookie: string;
/** Every body the server answered, for the no-token check at the end. */
const answers: string[] = [];

interface Connection {
  connectionId: string;
  name: string;
  identity: { email: string | null; accountId: string | null; plan: string | null };
  status: string;
  statusReason: string | null;
}

async function api(method: "GET" | "POST", path: string, body?: unknown, withSession = true): Promise<{ status: number; json: Record<string, unknown>; text: string; location?: string }> {
  const response = await request(`${server.url}${path}`, {
    method,
    headers: { origin: server.url, "content-type": "application/json", ...(withSession ? { cookie } : {}) },
    body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
  });
  const text = await response.body.text();
  answers.push(text);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // HTML pages and empty redirects.
  }
  const location = response.headers.location;
  return { status: response.statusCode, json, text, ...(typeof location === "string" ? { location } : {}) };
}

/** A browser GET without following redirects (and without our session cookie: it comes from the provider). */
async function browse(url: string): Promise<{ status: number; location: string | undefined; text: string }> {
  const response = await request(url.replace("://localhost:", "://127.0.0.1:"), { method: "GET" });
  const text = await response.body.text();
  answers.push(text);
  const location = response.headers.location;
  return { status: response.statusCode, location: typeof location === "string" ? location : undefined, text };
}

/** authorize → the mock's consent → the URL the provider sends the browser to. */
async function authorizeAndConsent(provider: string, body: unknown = {}): Promise<{ started: Record<string, unknown>; back: URL }> {
  const started = await api("POST", `/api/oauth/${provider}/authorize`, body);
  assert.equal(started.status, 200, started.text);
  const consent = await browse(String(started.json.authorizeUrl));
  assert.equal(consent.status, 302, consent.text);
  return { started: started.json, back: new URL(consent.location!) };
}

async function connections(provider: string): Promise<Connection[]> {
  const status = await api("GET", `/api/oauth/${provider}/status`);
  assert.equal(status.status, 200, status.text);
  return status.json.connections as Connection[];
}

before(async () => {
  mock = await startMockOAuth();
  server = await startOmniroute({
    env: {
      INITIAL_PASSWORD: PASSWORD,
      OMNIROUTE_OAUTH_OVERRIDES: JSON.stringify(mock.overrides({ ccCallbackPort: CC_PORT, cxCallbackPort: CX_PORT })),
    },
    config: {
      security: { allowLocalUpstreams: true },
      ...(engineReady ? { providers: [{ id: "cc", baseUrl: `${mock.url}/anthropic-api` }] } : {}),
    },
  });
  cookie = await loginCookie(server.url, PASSWORD);
});

after(async () => {
  await server?.dispose();
  await mock?.close();
});

describe("OAuth logins against the mock providers", () => {
  it("every action needs the dashboard session except the callback, which the state protects", async () => {
    assert.equal((await api("POST", "/api/oauth/cc/authorize", {}, false)).status, 401);
    assert.equal((await api("GET", "/api/oauth/cc/status", undefined, false)).status, 401);
    const callback = await api("GET", "/api/oauth/gc/callback?code=x&state=unknown", undefined, false);
    assert.equal(callback.status, 400);
    assert.match(callback.text, /Unknown or already used login state/);
  });

  it("Claude Code: authorize → consent → loopback listener → dashboard; stored encrypted", async () => {
    mock.loginAs({ email: "cc-user@example.com", accountId: "claude-acct-1", plan: "max" });
    const { started, back } = await authorizeAndConsent("cc");
    assert.equal(started.completion, "loopback");
    assert.equal(back.origin, `http://localhost:${CC_PORT}`);
    assert.equal(back.pathname, "/callback");
    const landing = await browse(back.toString());
    assert.equal(landing.status, 302, landing.text);
    assert.match(landing.location ?? "", /\/dashboard\/providers\?connected=cc$/);

    const [connection] = await connections("cc");
    assert.equal(connection?.name, "cc-user@example.com");
    assert.deepEqual(connection?.identity, { email: "cc-user@example.com", accountId: "claude-acct-1", plan: "max" });
    assert.equal(connection?.status, "active");

    const stored = JSON.parse(readFileSync(join(server.dataDir, "db.json"), "utf8")) as { providers: { id: string; accounts: { oauth?: { credentialsEncrypted: string } }[] }[] };
    const account = stored.providers.find((provider) => provider.id === "cc")?.accounts[0];
    assert.match(account?.oauth?.credentialsEncrypted ?? "", /^enc:v1:/);
  });

  it("Gemini CLI: through our own callback route, with the Code Assist project set up", async () => {
    mock.loginAs({ email: "gem-user@example.com", accountId: "google-it-1" });
    mock.setCodeAssist({ onboarded: false });
    const { started, back } = await authorizeAndConsent("gc");
    assert.equal(started.completion, "callback");
    assert.equal(back.origin + back.pathname, `${server.url}/api/oauth/gc/callback`);
    const landing = await browse(back.toString());
    assert.equal(landing.status, 302, landing.text);
    assert.equal(landing.location, "/dashboard/providers?connected=gc");
    const [connection] = await connections("gc");
    assert.deepEqual(connection?.identity, { email: "gem-user@example.com", accountId: "google-it-1", plan: "free-tier" });

    // The same redirect again: the state is spent.
    const replay = await browse(back.toString());
    assert.equal(replay.status, 400);
    assert.match(replay.text, /already used/);
  });

  it("a state from another provider's login is refused with 400", async () => {
    const { back } = await authorizeAndConsent("ag");
    const mismatched = await browse(`${server.url}/api/oauth/gc/callback${back.search}`);
    assert.equal(mismatched.status, 400);
    assert.match(mismatched.text, /another provider/);
  });

  it("Codex: its listener on the test port, then a second workspace by pasting the redirect URL", async () => {
    mock.loginAs({ email: "codex-user@example.com", accountId: "ws-it-personal", plan: "plus" });
    const first = await authorizeAndConsent("cx");
    assert.equal(first.back.origin, `http://localhost:${CX_PORT}`);
    assert.equal(first.back.pathname, "/auth/callback");
    const landing = await browse(first.back.toString());
    assert.equal(landing.status, 302, landing.text);

    mock.loginAs({ email: "codex-user@example.com", accountId: "ws-it-team", plan: "team" });
    const second = await authorizeAndConsent("cx");
    const pasted = await api("POST", "/api/oauth/cx/exchange", { redirectUrl: second.back.toString() });
    assert.equal(pasted.status, 200, pasted.text);
    const list = await connections("cx");
    assert.deepEqual(list.map((connection) => connection.identity.accountId).sort(), ["ws-it-personal", "ws-it-team"]);

    const again = await api("POST", "/api/oauth/cx/exchange", { redirectUrl: second.back.toString() });
    assert.equal(again.status, 400);
    assert.equal((again.json.error as { code: string }).code, "invalid_state");
  });

  it("Codex device login: pending, then connected", async () => {
    mock.loginAs({ email: "device-user@example.com", accountId: "ws-it-device" });
    mock.scriptCodexDevice(1);
    const started = await api("POST", "/api/oauth/cx/device-code", {});
    assert.equal(started.status, 200, started.text);
    assert.match(String(started.json.userCode), /^[0-9A-F]{4}-[0-9A-F]{4}$/);
    assert.equal(started.json.verificationUri, `${mock.url}/openai/codex/device`);
    assert.equal(typeof started.json.flowId, "string");
    const pending = await api("POST", "/api/oauth/cx/poll", { flowId: started.json.flowId });
    assert.equal(pending.json.status, "pending");
    const done = await api("POST", "/api/oauth/cx/poll", { flowId: started.json.flowId });
    assert.equal(done.json.status, "connected", done.text);
    assert.equal((done.json.connection as Connection).identity.email, "device-user@example.com");
    assert.equal((await api("POST", "/api/oauth/cx/poll", { flowId: "no-such-flow" })).status, 404);
  });

  it("reconnecting the same identity updates it instead of adding a duplicate", async () => {
    mock.loginAs({ email: "cc-user@example.com", accountId: "claude-acct-1", plan: "max" });
    const before = await connections("cc");
    const { back } = await authorizeAndConsent("cc", { mode: "manual" });
    const pasted = await api("POST", "/api/oauth/cc/exchange", { code: `${back.searchParams.get("code")}#${back.searchParams.get("state")}` });
    assert.equal(pasted.status, 200, pasted.text);
    assert.equal(pasted.json.created, false);
    assert.equal((await connections("cc")).length, before.length);
  });

  it("import: Codex auth.json content is accepted, a non-JSON paste is a clear 400", async () => {
    const bad = await api("POST", "/api/oauth/cx/import", { content: "not json at all" });
    assert.equal(bad.status, 400);
    assert.match(String((bad.json.error as { message: string }).message), /not valid JSON/);
  });

  it("disconnect removes the connection", async () => {
    const [first] = await connections("gc");
    const removed = await api("POST", "/api/oauth/gc/disconnect", { connectionId: first!.connectionId });
    assert.equal(removed.status, 200);
    assert.equal((await connections("gc")).length, 0);
    assert.equal((await api("POST", "/api/oauth/gc/disconnect", { connectionId: first!.connectionId })).status, 404);
  });
});

describe("OAuth accounts through the engine", { skip: engineReady ? false : "the catalog has no Claude Code executor yet" }, () => {
  /** Anthropic Messages through the gateway to `cc/…`. */
  async function ask(): Promise<{ status: number; text: string }> {
    const response = await request(`${server.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "cc/claude-sonnet-4-5", max_tokens: 16, messages: [{ role: "user", content: "ping" }] }),
    });
    const text = await response.body.text();
    answers.push(text);
    return { status: response.statusCode, text };
  }

  async function onlyConnection(email: string, accountId: string): Promise<void> {
    for (const connection of await connections("cc")) await api("POST", "/api/oauth/cc/disconnect", { connectionId: connection.connectionId });
    mock.loginAs({ email, accountId, plan: "pro" });
    const { back } = await authorizeAndConsent("cc", { mode: "manual" });
    const pasted = await api("POST", "/api/oauth/cc/exchange", { redirectUrl: back.toString() });
    assert.equal(pasted.status, 200, pasted.text);
  }

  it("a token inside Claude Code's 5-minute margin is refreshed once for 20 concurrent requests", async () => {
    // Logged in with a 2-minute token (inside the margin); the refreshed one lives an hour (outside it).
    mock.setAccessTokenTtl(120);
    await onlyConnection("engine@example.com", "claude-engine");
    mock.setAccessTokenTtl(3600);
    mock.setRefreshDelay(200);
    const refreshesBefore = mock.refreshCalls("anthropic");
    const results = await Promise.all(Array.from({ length: 20 }, () => ask()));
    for (const result of results) assert.equal(result.status, 200, result.text);
    assert.ok(results.every((result) => result.text.includes("pong")));
    assert.equal(mock.refreshCalls("anthropic") - refreshesBefore, 1);
  });

  it("a refused refresh marks the account auth-failed, shown in status with the reason", async () => {
    mock.setAccessTokenTtl(120);
    await onlyConnection("doomed@example.com", "claude-doomed");
    mock.failRefresh("anthropic", { status: 400, body: { error: "invalid_grant", error_description: "revoked" } });
    const result = await ask();
    assert.notEqual(result.status, 200);
    const [connection] = await connections("cc");
    assert.equal(connection?.status, "auth-failed");
    assert.match(connection?.statusReason ?? "", /invalid_grant/);
  });
});

describe("no token anywhere", () => {
  it("no issued token in any API answer, in stdout/stderr, in the logs or in any file of DATA_DIR", async () => {
    const secrets = mock.issuedSecrets();
    assert.ok(secrets.length > 5, "tokens were issued");
    const haystacks: { where: string; text: string }[] = [
      { where: "answers", text: answers.join("\n") },
      { where: "stdout", text: server.stdout() },
      { where: "stderr", text: server.stderr() },
    ];
    const walk = (directory: string): string[] =>
      readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) return entry.name === "secrets" ? [] : walk(path);
        return entry.isFile() ? [path] : [];
      });
    for (const file of walk(server.dataDir)) haystacks.push({ where: file, text: readFileSync(file).toString("latin1") });
    for (const { where, text } of haystacks) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `a token appears in ${where}`);
    }
  });
});
