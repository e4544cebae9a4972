// /api/providers against the real server: connections created, listed, updated and deleted from the dashboard API
// (keys masked everywhere, encrypted on disk), used by /v1 from the next request on; /validate and /test probing a
// local upstream that checks the key (wrong key → auth-failed, closed port → unreachable); the SSRF guard refusing
// metadata addresses in every form; /models listing the upstream's own models; a request without a session → 401.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const PASSWORD = "providers-api-password";
const KEY = "sk-proj-providers-api-canary-0123456789WXYZ";
const GOOD_KEY = "sk-good-key-for-the-checking-upstream-0001";

let mock: OpenAiMock;
let keyChecker: Server;
let keyCheckerUrl: string;
let closedPortUrl: string;
let gateway: OmnirouteProcess;
let cookie: string;

/** An OpenAI-style upstream that answers GET /v1/models only to GOOD_KEY, 401 in OpenAI's shape otherwise. */
async function startKeyChecker(): Promise<Server> {
  const server = createServer((incoming, response) => {
    if (incoming.headers.authorization !== `Bearer ${GOOD_KEY}`) {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ object: "list", data: [{ id: "checked-model", object: "model" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

before(async () => {
  mock = await startOpenAiMock();
  keyChecker = await startKeyChecker();
  keyCheckerUrl = `http://127.0.0.1:${(keyChecker.address() as AddressInfo).port}/v1`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1`;
  await new Promise((resolve) => closed.close(resolve));
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: { server: { requireApiKey: false }, security: { allowLocalUpstreams: true } },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
  keyChecker?.closeAllConnections();
  await new Promise((resolve) => keyChecker?.close(resolve));
});

beforeEach(() => mock.reset());

/** A dashboard call: session cookie, and a same-origin Origin as a browser sends on state-changing requests. */
async function api(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, withSession = true) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { ...(withSession ? { cookie } : {}), origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) };
}

async function chat(model: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

async function modelIds(): Promise<string[]> {
  const response = await request(`${gateway.url}/v1/models`);
  const body = (await response.body.json()) as { data: { id: string }[] };
  return body.data.map((entry) => entry.id);
}

describe("/api/providers", () => {
  it("answers 401 without a session", async () => {
    for (const [method, path] of [
      ["GET", "/api/providers"],
      ["POST", "/api/providers"],
      ["PATCH", "/api/providers/openai:main"],
      ["POST", "/api/providers/validate"],
      ["POST", "/api/providers/openai:main/test"],
      ["GET", "/api/providers/openai/models"],
    ] as const) {
      assert.equal((await api(method, path, method === "GET" ? undefined : {}, false)).status, 401, `${method} ${path}`);
    }
  });

  it("creates a connection that /v1 uses at once, with the key masked everywhere and encrypted on disk", async () => {
    const created = await api("POST", "/api/providers", { provider: "openai", name: "main", apiKey: KEY, baseUrl: mock.url, maxConcurrent: 8 });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.text.includes(KEY), false);
    assert.deepEqual(
      (({ id, provider, accountId, name, enabled, apiKey, baseUrl, maxConcurrent, authType }) => ({ id, provider, accountId, name, enabled, apiKey, baseUrl, maxConcurrent, authType }))(created.json()),
      { id: "openai:main", provider: "openai", accountId: "main", name: "main", enabled: true, apiKey: "sk-…WXYZ", baseUrl: mock.url, maxConcurrent: 8, authType: "api-key" },
    );

    const answer = await chat("openai/gpt-4o");
    assert.equal(answer.status, 200, answer.text);
    assert.equal(mock.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);

    const listed = await api("GET", "/api/providers");
    assert.equal(listed.status, 200);
    assert.equal(listed.text.includes(KEY), false);
    const providers = listed.json().data as { id: string; tier: string | null; auth: string; active: boolean; connections: { id: string; apiKey: string }[] }[];
    const openai = providers.find((provider) => provider.id === "openai")!;
    assert.deepEqual([openai.tier, openai.auth, openai.active, openai.connections.map((connection) => [connection.id, connection.apiKey])], [
      "api-key",
      "api-key",
      true,
      [["openai:main", "sk-…WXYZ"]],
    ]);
    assert.ok(providers.some((provider) => provider.id === "anthropic" && provider.connections.length === 0), "unconfigured built-ins are listed too");

    const single = await api("GET", "/api/providers/openai:main");
    assert.equal(single.json().apiKey, "sk-…WXYZ");
    assert.equal((await api("GET", "/api/providers/openai")).json().connections.length, 1);
    assert.equal(readFileSync(join(gateway.dataDir, "db.json"), "utf8").includes(KEY), false);
  });

  it("updates a connection: disabled it is never called, renamed and re-limited it keeps its id; deleted it is gone", async () => {
    await api("POST", "/api/providers", { provider: "groq", name: "g1", apiKey: "sk-groq-key-000000000000000", baseUrl: mock.url });
    const disabled = await api("PATCH", "/api/providers/groq:g1", { enabled: false });
    assert.equal(disabled.status, 200, disabled.text);
    assert.equal(disabled.json().enabled, false);
    const refused = await chat("groq/llama-3.3-70b-versatile");
    assert.notEqual(refused.status, 200);
    assert.equal(mock.requests.length, 0, "a disabled connection is never called");

    const changed = await api("PATCH", "/api/providers/groq:g1", { enabled: true, name: "renamed", requestsPerMinute: 100, apiKey: "sk-groq-rotated-0000000000AbCd" });
    assert.deepEqual([changed.json().id, changed.json().name, changed.json().requestsPerMinute, changed.json().apiKey], ["groq:g1", "renamed", 100, "sk-…AbCd"]);
    assert.equal((await chat("groq/llama-3.3-70b-versatile")).status, 200);
    assert.equal(mock.requests.at(-1)?.headers.authorization, "Bearer sk-groq-rotated-0000000000AbCd");

    const deleted = await api("DELETE", "/api/providers/groq:g1");
    assert.equal(deleted.status, 204);
    assert.equal((await api("GET", "/api/providers/groq:g1")).status, 404);
    assert.equal((await api("PATCH", "/api/providers/groq:g1", { enabled: false })).status, 404);
  });

  it("answers 400 with paths for bad input and 409 for a taken name", async () => {
    const bad = await api("POST", "/api/providers", { provider: "openai", apiKey: "", maxConcurrent: -1, surprise: true });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json().error.code, "invalid_input");
    assert.match(bad.text, /apiKey: /);
    assert.match(bad.text, /maxConcurrent: /);
    assert.match(bad.text, /surprise: unknown key/);
    assert.equal((await api("POST", "/api/providers", { provider: "no-such-provider", apiKey: "k" })).status, 404);
    await api("POST", "/api/providers", { provider: "mistral", name: "dup", apiKey: "sk-mistral-0000000000000" });
    const taken = await api("POST", "/api/providers", { provider: "mistral", name: "dup", apiKey: "sk-mistral-0000000000000" });
    assert.equal(taken.status, 409);
    assert.equal(taken.json().error.code, "name_taken");
    const notJson = await request(`${gateway.url}/api/providers`, { method: "POST", headers: { cookie, origin: gateway.url, "content-type": "application/json" }, body: "{nope" });
    assert.equal(notJson.statusCode, 400);
    await notJson.body.dump();
  });

  it("refuses cloud metadata base URLs in every form (SSRF guard), storing nothing", async () => {
    const before = readFileSync(join(gateway.dataDir, "db.json"), "utf8");
    for (const baseUrl of ["http://169.254.169.254/v1", "http://[::ffff:169.254.169.254]/v1", "http://[::ffff:a9fe:a9fe]/v1", "http://2852039166/v1", "http://metadata.google.internal/"]) {
      const created = await api("POST", "/api/providers", { provider: "openai", name: "evil", apiKey: "k-000000000000", baseUrl });
      assert.equal(created.status, 400, `${baseUrl}: ${created.text}`);
      assert.match(created.text, /cloud metadata address refused/);
      const validated = await api("POST", "/api/providers/validate", { provider: "openai", apiKey: "k-000000000000", baseUrl });
      assert.equal(validated.status, 400, validated.text);
      assert.equal(validated.json().error.code, "url_refused");
    }
    assert.equal(readFileSync(join(gateway.dataDir, "db.json"), "utf8"), before);
  });

  it("validates a key before saving it: ok, auth-failed for a wrong key, unreachable for a closed port", async () => {
    const good = await api("POST", "/api/providers/validate", { provider: "openai", apiKey: GOOD_KEY, baseUrl: keyCheckerUrl });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual([good.json().ok, good.json().verdict, good.json().status], [true, "ok", 200]);
    assert.equal(typeof good.json().latencyMs, "number");

    const wrong = await api("POST", "/api/providers/validate", { provider: "openai", apiKey: "sk-wrong-key-000000000000", baseUrl: keyCheckerUrl });
    assert.deepEqual([wrong.json().ok, wrong.json().verdict, wrong.json().status], [false, "auth-failed", 401]);
    assert.equal(wrong.text.includes("Incorrect API key"), false, "a private upstream's body is never echoed");

    const unreachable = await api("POST", "/api/providers/validate", { provider: "openai", apiKey: GOOD_KEY, baseUrl: closedPortUrl });
    assert.deepEqual([unreachable.json().ok, unreachable.json().verdict], [false, "unreachable"]);
    assert.equal((await api("GET", "/api/providers")).json().data.find((provider: { id: string }) => provider.id === "xai").connections.length, 0);
  });

  it("tests a stored connection with its own key, and lists the upstream's models with it", async () => {
    const created = await api("POST", "/api/providers", { provider: "xai", name: "checked", apiKey: "sk-wrong-key-000000000000", baseUrl: keyCheckerUrl });
    assert.equal(created.status, 201, created.text);
    const wrong = await api("POST", "/api/providers/xai:checked/test");
    assert.equal(wrong.status, 200, wrong.text);
    assert.equal(wrong.json().verdict, "auth-failed");
    const models = await api("GET", "/api/providers/xai:checked/models");
    assert.equal(models.status, 502, models.text);

    await api("PATCH", "/api/providers/xai:checked", { apiKey: GOOD_KEY });
    const right = await api("POST", "/api/providers/xai:checked/test");
    assert.deepEqual([right.json().ok, right.json().verdict], [true, "ok"]);
    assert.deepEqual((await api("GET", "/api/providers/xai:checked/models")).json(), { data: [{ id: "checked-model" }] });
    assert.deepEqual((await api("GET", "/api/providers/xai/models")).json(), { data: [{ id: "checked-model" }] }, "a provider id uses its first enabled connection");
    assert.equal((await api("POST", "/api/providers/xai:missing/test")).status, 404);
  });

  it("sets provider-level settings: hidden from /v1/models but still routable, then disabled entirely", async () => {
    await api("POST", "/api/providers", { provider: "together", name: "t", apiKey: "sk-together-0000000000000", baseUrl: mock.url });
    assert.ok((await modelIds()).some((id) => id.startsWith("together/")));
    const hidden = await api("PATCH", "/api/providers/together", { hideFromModelList: true, strategy: "priority" });
    assert.equal(hidden.status, 200, hidden.text);
    assert.deepEqual([hidden.json().hideFromModelList, hidden.json().strategy], [true, "priority"]);
    assert.equal((await modelIds()).some((id) => id.startsWith("together/")), false);
    assert.equal((await chat("together/meta-llama/Llama-3.3-70B-Instruct-Turbo")).status, 200, "hidden is still routable");

    await api("PATCH", "/api/providers/together", { enabled: false });
    const refused = await chat("together/meta-llama/Llama-3.3-70B-Instruct-Turbo");
    assert.equal(refused.status, 400, refused.text);
    const deleted = await api("DELETE", "/api/providers/together");
    assert.equal(deleted.status, 204);
    assert.equal((await api("GET", "/api/providers/together")).json().configured, false);
  });
});
