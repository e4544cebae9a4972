// Issue #10's logins end to end: the real server (temp DATA_DIR) with GitHub Copilot, Qwen, Kiro, iFlow and Cursor
// pointed at tester/mock-oauth through OMNIROUTE_OAUTH_OVERRIDES, the test playing the browser and the user.
// Covers: GitHub's device flow through pending → slow_down → connected and expired, Qwen's device flow with PKCE,
// Kiro's AWS Builder ID device login and its social login pasted back from the kiro:// redirect, iFlow through its
// loopback listener and by paste, Cursor's pasted token and local install; reconnects without duplicates,
// disconnects, tokens encrypted at rest; and, when the catalog routes `gh/`, one Copilot token exchange for 20
// concurrent requests and a refused exchange ending as auth-failed. No token may appear in an API answer, a log or
// a file in DATA_DIR.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type BetterSqlite3 from "better-sqlite3";
import { request } from "undici";
import { getBuiltInProvider } from "../../open-sse/src/providers/built-in-providers";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startMockOAuth, type MockOAuthServer } from "../mock-oauth/mock-oauth-server";

const CC_PORT = 21921;
const CX_PORT = 21922;
const IF_PORT = 21923;
const PASSWORD = "oauth-subscription-ii-password-1";
/** The engine path needs the catalog's GitHub Copilot provider with its executor (added with the registries). */
const engineReady = getBuiltInProvider("gh")?.executor === "copilot";
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
const jwt = (payload: object) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;
const CURSOR_TOKEN = jwt({ sub: "auth0|user_IT_CURSOR", exp: Math.floor(Date.now() / 1000) + 3600 });

let mock: MockOAuthServer;
let server: OmnirouteProcess;
let cookie: string;
let cursorConfigHome: string;
/** Every body the server answered, for the no-token check at the end. */
const answers: string[] = [];

interface Connection {
  connectionId: string;
  name: string;
  identity: { email: string | null; accountId: string | null; plan: string | null };
  status: string;
  statusReason: string | null;
}

async function api(method: "GET" | "POST", path: string, body?: unknown, withSession = true): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
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
    // Empty redirects.
  }
  return { status: response.statusCode, json, text };
}

/** A browser GET without following redirects. */
async function browse(url: string): Promise<{ status: number; location: string | undefined; text: string }> {
  const response = await request(url.replace("://localhost:", "://127.0.0.1:"), { method: "GET" });
  const text = await response.body.text();
  answers.push(text);
  const location = response.headers.location;
  return { status: response.statusCode, location: typeof location === "string" ? location : undefined, text };
}

async function connections(provider: string): Promise<Connection[]> {
  const status = await api("GET", `/api/oauth/${provider}/status`);
  assert.equal(status.status, 200, status.text);
  return status.json.connections as Connection[];
}

async function poll(provider: string, flowId: unknown): Promise<Record<string, unknown>> {
  const answer = await api("POST", `/api/oauth/${provider}/poll`, { flowId });
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

/** Polls until the answer is no longer pending, waiting the interval the server asks for. */
async function pollUntilSettled(provider: string, flowId: unknown): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer = await poll(provider, flowId);
    if (answer.status !== "pending" && answer.status !== "slow_down") return answer;
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, Number(answer.interval ?? 0) * 1000)));
  }
  throw new Error("the device login did not settle");
}

function storedAccounts(provider: string): { oauth?: { credentialsEncrypted: string } }[] {
  const stored = JSON.parse(readFileSync(join(server.dataDir, "db.json"), "utf8")) as { providers: { id: string; accounts: { oauth?: { credentialsEncrypted: string } }[] }[] };
  return stored.providers.find((provider_) => provider_.id === provider)?.accounts ?? [];
}

function writeCursorState(): void {
  const folder = join(cursorConfigHome, "Cursor", "User", "globalStorage");
  mkdirSync(folder, { recursive: true });
  const database = new Database(join(folder, "state.vscdb"));
  database.exec("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
  const insert = database.prepare("INSERT INTO ItemTable (key, value) VALUES (?, ?)");
  insert.run("cursorAuth/accessToken", CURSOR_TOKEN);
  insert.run("cursorAuth/cachedEmail", "cursor-it@example.com");
  insert.run("cursorAuth/stripeMembershipType", "pro");
  insert.run("storage.serviceMachineId", "it-machine-id");
  database.close();
}

before(async () => {
  mock = await startMockOAuth();
  // Real-time polling: no wait between polls unless the server asks for one (slow_down always adds 5 s).
  mock.subscription.setDeviceInterval("github", 0);
  mock.subscription.setDeviceInterval("qwen", 0);
  mock.subscription.setDeviceInterval("aws", 0);
  cursorConfigHome = mkdtempSync(join(tmpdir(), "omniroute-it-cursor-"));
  server = await startOmniroute({
    env: {
      INITIAL_PASSWORD: PASSWORD,
      OMNIROUTE_OAUTH_OVERRIDES: JSON.stringify(mock.overrides({ ccCallbackPort: CC_PORT, cxCallbackPort: CX_PORT, ifCallbackPort: IF_PORT })),
      // Cursor's state database is looked for at its fixed Linux path under XDG_CONFIG_HOME.
      XDG_CONFIG_HOME: cursorConfigHome,
    },
    config: { security: { allowLocalUpstreams: true } },
  });
  cookie = await loginCookie(server.url, PASSWORD);
});

after(async () => {
  await server?.dispose();
  await mock?.close();
  rmSync(cursorConfigHome, { recursive: true, force: true });
});

describe("subscription II logins against the mock providers", () => {
  it("every action needs the dashboard session; status names what each login offers and the shutdowns", async () => {
    assert.equal((await api("POST", "/api/oauth/gh/device-code", {}, false)).status, 401);
    assert.equal((await api("GET", "/api/oauth/kr/status", undefined, false)).status, 401);
    const expected: Record<string, { capabilities: Record<string, unknown>; notice: RegExp | null }> = {
      gh: { capabilities: { authorize: false, manual: false, deviceCode: true, import: false, localImport: false, identityProviders: [] }, notice: null },
      qw: { capabilities: { authorize: false, manual: false, deviceCode: true, import: false, localImport: false, identityProviders: [] }, notice: /2026-04-15/ },
      kr: { capabilities: { authorize: true, manual: true, deviceCode: true, import: false, localImport: false, identityProviders: ["Google", "Github"] }, notice: null },
      if: { capabilities: { authorize: true, manual: false, deviceCode: false, import: false, localImport: false, identityProviders: [] }, notice: /2026-04-17/ },
      cu: { capabilities: { authorize: false, manual: false, deviceCode: false, import: true, localImport: false, identityProviders: [] }, notice: /import it again/ },
    };
    for (const [provider, { capabilities, notice }] of Object.entries(expected)) {
      const status = await api("GET", `/api/oauth/${provider}/status`);
      assert.equal(status.status, 200, status.text);
      assert.deepEqual(status.json.capabilities, capabilities, provider);
      if (notice === null) assert.equal(status.json.notice, null, provider);
      else assert.match(String(status.json.notice), notice, provider);
    }
    // The catalog's flow names are aliases.
    assert.equal((await api("GET", "/api/oauth/github-device/status")).status, 200);
  });

  it("GitHub Copilot: device code → pending → slow_down → connected; the Copilot token stored encrypted", async () => {
    mock.loginAs({ email: "octo-it@example.com", accountId: "4242", plan: "copilot_individual" });
    mock.subscription.scriptDevice("github", ["authorization_pending", "slow_down", "approve"]);
    const started = await api("POST", "/api/oauth/gh/device-code", {});
    assert.equal(started.status, 200, started.text);
    assert.equal(started.json.userCode, "GHMO-CK42");
    assert.equal(started.json.verificationUri, `${mock.url}/github/login/device`);
    assert.equal(typeof started.json.expiresAt, "string");
    assert.equal(started.json.interval, 0);
    assert.equal((await poll("gh", started.json.flowId)).status, "pending");
    const slowed = await poll("gh", started.json.flowId);
    assert.deepEqual(slowed, { status: "slow_down", interval: 5 });
    const early = await poll("gh", started.json.flowId);
    assert.equal(early.status, "slow_down", "a poll inside the longer interval is answered without asking GitHub");
    const done = await pollUntilSettled("gh", started.json.flowId);
    assert.equal(done.status, "connected", JSON.stringify(done));
    assert.deepEqual((done.connection as Connection).identity, { email: "octo-it@example.com", accountId: "4242", plan: "copilot_individual" });
    assert.match(storedAccounts("gh")[0]?.oauth?.credentialsEncrypted ?? "", /^enc:v1:/);
    assert.equal(mock.subscription.exchangeCalls(), 1, "the login exchanged the GitHub token once");
  });

  it("GitHub Copilot: an expired code ends as expired; a reconnect of the same account adds none", async () => {
    mock.subscription.scriptDevice("github", ["expired_token"]);
    const expired = await api("POST", "/api/oauth/gh/device-code", {});
    assert.equal((await poll("gh", expired.json.flowId)).status, "expired");
    const started = await api("POST", "/api/oauth/gh/device-code", {});
    const done = await pollUntilSettled("gh", started.json.flowId);
    assert.equal(done.status, "connected");
    assert.equal((await connections("gh")).length, 1);
  });

  it("Qwen: device flow with PKCE and a label; the same label reconnects the same account", async () => {
    mock.subscription.scriptDevice("qwen", ["authorization_pending", "approve"]);
    const started = await api("POST", "/api/oauth/qw/device-code", { label: "it-qwen" });
    assert.equal(started.status, 200, started.text);
    const done = await pollUntilSettled("qw", started.json.flowId);
    assert.equal(done.status, "connected", JSON.stringify(done));
    assert.equal((done.connection as Connection).name, "Qwen Code it-qwen");
    const again = await api("POST", "/api/oauth/qw/device-code", { label: "it-qwen" });
    assert.equal((await pollUntilSettled("qw", again.json.flowId)).status, "connected");
    assert.equal((await connections("qw")).length, 1);
    assert.equal((await api("POST", "/api/oauth/qw/device-code", { label: "" })).status, 400);
  });

  it("Kiro: AWS Builder ID device login, then the social login pasted back from kiro://", async () => {
    mock.loginAs({ email: "kiro-it@example.com", accountId: "d-kiro-it" });
    const started = await api("POST", "/api/oauth/kr/device-code", {});
    assert.equal(started.status, 200, started.text);
    assert.equal(started.json.verificationUriComplete, `${mock.url}/aws/device?user_code=AWSM-OCKS`);
    const done = await pollUntilSettled("kr", started.json.flowId);
    assert.equal(done.status, "connected", JSON.stringify(done));
    assert.deepEqual((done.connection as Connection).identity, { email: "kiro-it@example.com", accountId: "d-kiro-it", plan: "KIRO FREE" });

    mock.loginAs({ email: "kiro-social-it@example.com", accountId: "kiro-social-it" });
    const authorize = await api("POST", "/api/oauth/kr/authorize", { identityProvider: "Google" });
    assert.equal(authorize.status, 200, authorize.text);
    assert.equal(authorize.json.completion, "paste");
    const consent = await browse(String(authorize.json.authorizeUrl));
    assert.equal(consent.status, 302, consent.text);
    assert.match(consent.location ?? "", /^kiro:\/\/kiro\.kiroAgent\/authenticate-success\?code=/);
    const pasted = await api("POST", "/api/oauth/kr/exchange", { redirectUrl: consent.location });
    assert.equal(pasted.status, 200, pasted.text);
    assert.equal(pasted.json.created, true);
    assert.equal((await api("POST", "/api/oauth/kr/exchange", { redirectUrl: consent.location })).status, 400, "the state is spent");
    assert.equal((await api("POST", "/api/oauth/kr/authorize", { identityProvider: "Facebook" })).status, 400);
    assert.equal((await connections("kr")).length, 2);
  });

  it("iFlow: its loopback listener, then a reconnect by pasting the redirect URL", async () => {
    mock.loginAs({ email: "iflow-it@example.com", accountId: "13900000042" });
    const first = await api("POST", "/api/oauth/if/authorize", {});
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.completion, "loopback");
    const consent = await browse(String(first.json.authorizeUrl));
    assert.equal(consent.status, 302, consent.text);
    assert.match(consent.location ?? "", new RegExp(`^http://localhost:${IF_PORT}/oauth2callback\\?`));
    const landing = await browse(consent.location!);
    assert.equal(landing.status, 302, landing.text);
    assert.match(landing.location ?? "", /\/dashboard\/providers\?connected=if$/);

    const second = await api("POST", "/api/oauth/if/authorize", {});
    const back = await browse(String(second.json.authorizeUrl));
    const pasted = await api("POST", "/api/oauth/if/exchange", { redirectUrl: back.location });
    assert.equal(pasted.status, 200, pasted.text);
    assert.equal(pasted.json.created, false);
    const [connection] = await connections("if");
    assert.deepEqual(connection?.identity, { email: "iflow-it@example.com", accountId: "13900000042", plan: null });
  });

  it("Cursor: a pasted token, then the local install's database (same account)", async () => {
    const pasted = await api("POST", "/api/oauth/cu/import", { content: CURSOR_TOKEN });
    assert.equal(pasted.status, 201, pasted.text);
    assert.equal((await api("POST", "/api/oauth/cu/import", { source: "local" })).status, 404, "no install yet");
    assert.equal((await api("POST", "/api/oauth/cu/import", { source: "/etc/passwd" })).status, 400, "no path is ever taken from the client");
    writeCursorState();
    const status = await api("GET", "/api/oauth/cu/status");
    assert.equal((status.json.capabilities as { localImport: boolean }).localImport, true);
    const local = await api("POST", "/api/oauth/cu/import", { source: "local" });
    assert.equal(local.status, 200, local.text);
    assert.equal(local.json.created, false);
    const [connection] = await connections("cu");
    assert.deepEqual(connection?.identity, { email: "cursor-it@example.com", accountId: "auth0|user_IT_CURSOR", plan: "pro" });
  });

  it("tokens are stored encrypted for every provider, and disconnect removes each connection", async () => {
    for (const provider of ["gh", "qw", "kr", "if", "cu"]) {
      for (const account of storedAccounts(provider)) assert.match(account.oauth?.credentialsEncrypted ?? "", /^enc:v1:/, provider);
    }
    for (const provider of ["qw", "if", "cu"]) {
      const [connection] = await connections(provider);
      const removed = await api("POST", `/api/oauth/${provider}/disconnect`, { connectionId: connection!.connectionId });
      assert.equal(removed.status, 200, removed.text);
      assert.equal((await connections(provider)).length, 0);
      assert.equal((await api("POST", `/api/oauth/${provider}/disconnect`, { connectionId: connection!.connectionId })).status, 404);
    }
  });
});

describe("GitHub Copilot through the engine", { skip: engineReady ? false : "the catalog has no GitHub Copilot executor yet" }, () => {
  async function ask(): Promise<{ status: number; text: string }> {
    const response = await request(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gh/gpt-4.1", messages: [{ role: "user", content: "ping" }] }),
    });
    const text = await response.body.text();
    answers.push(text);
    return { status: response.statusCode, text };
  }

  /** A fresh login whose Copilot token is due for an exchange at once (refresh_in 60 s − 60 s). */
  async function connectDue(email: string, accountId: string): Promise<void> {
    for (const connection of await connections("gh")) await api("POST", "/api/oauth/gh/disconnect", { connectionId: connection.connectionId });
    mock.loginAs({ email, accountId, plan: "copilot_individual" });
    mock.subscription.setCopilotTokenLifetime(1800, 60);
    const started = await api("POST", "/api/oauth/gh/device-code", {});
    assert.equal((await pollUntilSettled("gh", started.json.flowId)).status, "connected");
    mock.subscription.setCopilotTokenLifetime(1800, 1500);
  }

  it("20 concurrent requests with a Copilot token due for exchange make exactly one exchange", async () => {
    await connectDue("engine-it@example.com", "5151");
    mock.subscription.setExchangeDelay(200);
    const before = mock.subscription.exchangeCalls();
    const results = await Promise.all(Array.from({ length: 20 }, () => ask()));
    mock.subscription.setExchangeDelay(0);
    for (const result of results) assert.equal(result.status, 200, result.text);
    assert.ok(results.every((result) => result.text.includes("pong")));
    assert.equal(mock.subscription.exchangeCalls() - before, 1);
  });

  it("GitHub refusing the exchange marks the account auth-failed with GitHub's notice", async () => {
    await connectDue("doomed-it@example.com", "5252");
    mock.subscription.failNext("copilot-exchange", {
      status: 403,
      json: { error_details: { notification_id: "no_copilot_access", message: "You do not have access to GitHub Copilot." } },
    });
    const result = await ask();
    assert.notEqual(result.status, 200);
    const [connection] = await connections("gh");
    assert.equal(connection?.status, "auth-failed");
    assert.match(connection?.statusReason ?? "", /no_copilot_access/);
  });
});

describe("no token anywhere", () => {
  it("no issued token, API key or client secret in any API answer, in stdout/stderr, in the logs or in any file of DATA_DIR", async () => {
    const secrets = mock.issuedSecrets();
    assert.ok(secrets.length > 10, "tokens were issued");
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
      for (const secret of [...secrets, CURSOR_TOKEN]) assert.ok(!text.includes(secret), `a token appears in ${where}`);
    }
  });
});
