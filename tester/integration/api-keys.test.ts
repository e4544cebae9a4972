import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

const PASSWORD = "correct-horse-battery";
let mock: OpenAiMock;
let gateway: OmnirouteProcess;
let cookie: string;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: true },
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", models: ["gpt-4o", "gpt-4o-mini"], accounts: [{ name: "main", apiKey: "sk-test-upstream-secret-123456", baseUrl: mock.url }] }],
      combos: [{ name: "cheap", models: ["openai/gpt-4o-mini"] }],
      apiKeys: [{ name: "from-file", key: "omr-test-key-123" }],
    },
  });
  // /api sits behind the dashboard session guard (src/server/dashboard-guard.ts).
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  enabled: boolean;
  expiresAt: string | null;
  allowedModels: string[] | null;
  lastUsedAt: string | null;
  key?: string;
}

/** A dashboard call: session cookie, and a same-origin Origin as a browser sends on state-changing requests. */
async function api(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { cookie, origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) };
}

async function chat(key: string | undefined, model: string, header: "authorization" | "x-api-key" | "x-goog-api-key" = "authorization") {
  const auth = key === undefined ? {} : header === "authorization" ? { authorization: `Bearer ${key}` } : { [header]: key };
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) };
}

async function modelIds(key: string): Promise<string[]> {
  const response = await request(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(response.statusCode, 200);
  const body = (await response.body.json()) as { data: { id: string }[] };
  return body.data.map((entry) => entry.id);
}

describe("/api/keys and client keys on /v1", () => {
  it("creates a key shown once, accepts it on /v1 in every header, disables, allowlists, deletes", async () => {
    const created = await api("POST", "/api/keys", { name: "laptop" });
    assert.equal(created.status, 201, created.text);
    const view = created.json() as KeyView;
    const key = view.key!;
    assert.match(key, /^omr_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);

    const listed = await api("GET", "/api/keys");
    assert.equal(listed.status, 200);
    assert.ok(!listed.text.includes(key), "the key is never shown again");
    assert.ok(!listed.text.includes('"hash"'));
    const entries = (listed.json() as { data: KeyView[] }).data;
    const entry = entries.find((candidate) => candidate.id === view.id);
    assert.deepEqual(
      { prefix: entry?.prefix, enabled: entry?.enabled, expiresAt: entry?.expiresAt, allowedModels: entry?.allowedModels, key: entry?.key },
      { prefix: key.slice(0, 12), enabled: true, expiresAt: null, allowedModels: null, key: undefined },
    );
    assert.equal(entries.find((candidate) => candidate.name === "from-file")?.prefix, "omr-test…");

    // Keys are required: none, or a wrong one, is refused before any upstream call.
    assert.equal((await chat(undefined, "openai/gpt-4o")).status, 401);
    assert.equal((await chat(`${key.slice(0, 13)}${"x".repeat(32)}`, "openai/gpt-4o")).status, 401);
    assert.equal(mock.requests.length, 0);

    for (const header of ["authorization", "x-api-key", "x-goog-api-key"] as const) {
      assert.equal((await chat(key, "openai/gpt-4o", header)).status, 200, header);
    }
    assert.equal((await chat("omr-test-key-123", "openai/gpt-4o")).status, 200, "config-file keys keep working");
    assert.equal(mock.requests.length, 4);

    // Disable → 401; enable again → 200.
    assert.equal((await api("PATCH", `/api/keys/${view.id}`, { enabled: false })).status, 200);
    const disabled = await chat(key, "openai/gpt-4o");
    assert.equal(disabled.status, 401);
    assert.equal(disabled.json().error.code, "invalid_api_key");
    assert.equal((await api("PATCH", `/api/keys/${view.id}`, { enabled: true })).status, 200);
    assert.equal((await chat(key, "openai/gpt-4o")).status, 200);

    // Expired → 401.
    assert.equal((await api("PATCH", `/api/keys/${view.id}`, { expiresAt: "2020-01-01T00:00:00Z" })).status, 200);
    assert.equal((await chat(key, "openai/gpt-4o")).status, 401);
    assert.equal((await api("PATCH", `/api/keys/${view.id}`, { expiresAt: null })).status, 200);

    // Allowlist → 403 on anything else, with no upstream call; /v1/models shows only what is allowed.
    const patched = await api("PATCH", `/api/keys/${view.id}`, { allowedModels: ["gpt-4o-mini", "cheap"] });
    assert.equal(patched.status, 200, patched.text);
    mock.reset();
    const refused = await chat(key, "openai/gpt-4o");
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json().error.code, "model_not_allowed");
    assert.equal((await chat(key, "gpt-4o")).status, 403, "unprefixed names resolve, then are checked");
    assert.equal(mock.requests.length, 0, "no upstream call for a refused model");
    assert.equal((await chat(key, "openai/gpt-4o-mini")).status, 200);
    assert.equal((await chat(key, "cheap")).status, 200);
    assert.deepEqual((await modelIds(key)).sort(), ["cheap", "openai/gpt-4o-mini"]);
    assert.ok((await modelIds("omr-test-key-123")).includes("openai/gpt-4o"), "keys without an allowlist see everything");
    const hidden = await request(`${gateway.url}/v1/models/openai%2Fgpt-4o`, { headers: { authorization: `Bearer ${key}` } });
    await hidden.body.dump();
    assert.equal(hidden.statusCode, 404);

    // Delete → 401.
    const deleted = await api("DELETE", `/api/keys/${view.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await chat(key, "openai/gpt-4o-mini")).status, 401);

    const database = readFileSync(join(gateway.dataDir, "db.json"), "utf8");
    assert.ok(!database.includes(key), "db.json never holds the key");
    assert.ok(!database.includes(key.slice(13)), "nor its secret part");
    assert.ok(!database.includes("omr-test-key-123"), "nor a config-file key");
  });

  it("answers 400 with zod paths, 404 for unknown ids, 409 for a taken name", async () => {
    const invalid = await api("POST", "/api/keys", { name: "", allowedModels: "all" });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /name: /);
    assert.match(invalid.text, /allowedModels: /);
    const notJson = await request(`${gateway.url}/api/keys`, {
      method: "POST",
      headers: { cookie, origin: gateway.url, "content-type": "application/json" },
      body: "{",
    });
    assert.equal(notJson.statusCode, 400);
    await notJson.body.dump();
    assert.equal((await api("PATCH", "/api/keys/does-not-exist", { enabled: false })).status, 404);
    assert.equal((await api("DELETE", "/api/keys/does-not-exist")).status, 404);
    assert.equal((await api("POST", "/api/keys", { name: "from-file" })).status, 409);
  });

  it("is not reachable without a dashboard session, nor with a client key", async () => {
    const anonymous = await request(`${gateway.url}/api/keys`);
    await anonymous.body.dump();
    assert.equal(anonymous.statusCode, 401);
    const withClientKey = await request(`${gateway.url}/api/keys`, { headers: { authorization: "Bearer omr-test-key-123" } });
    await withClientKey.body.dump();
    assert.equal(withClientKey.statusCode, 401);
  });
});
