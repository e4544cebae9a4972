import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";

// /api/combos against the real server: the dashboard API writes db.json, the engine's snapshot follows, and
// /v1 routes `model: <combo>` through it (priority in order, round-robin rotating the leading member).
const PASSWORD = "correct-horse-battery";
let mock: OpenAiMock;
let gateway: OmnirouteProcess;
let cookie: string;

before(async () => {
  mock = await startOpenAiMock();
  gateway = await startOmniroute({
    env: { INITIAL_PASSWORD: PASSWORD },
    config: {
      server: { requireApiKey: false },
      security: { allowLocalUpstreams: true },
      providers: [{ id: "openai", models: ["gpt-4o", "gpt-4o-mini"], accounts: [{ name: "main", apiKey: "sk-test-upstream-secret-123456", baseUrl: mock.url }] }],
      combos: [{ name: "from-file", models: ["openai/gpt-4o"], strategy: "round-robin" }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

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

async function chat(model: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, routedTo: response.headers["x-omniroute-model"], text };
}

async function modelIds(): Promise<string[]> {
  const response = await request(`${gateway.url}/v1/models`);
  assert.equal(response.statusCode, 200);
  const body = (await response.body.json()) as { data: { id: string }[] };
  return body.data.map((entry) => entry.id);
}

describe("/api/combos", () => {
  it("creates a combo that /v1 lists and routes, rotates round-robin, updates and deletes it", async () => {
    const created = await api("POST", "/api/combos", { name: "stack", models: ["openai/gpt-4o-mini", "gpt-4o"] });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json().strategy, "priority");
    assert.ok((await modelIds()).includes("stack"));

    // Priority: always the first member.
    for (let round = 0; round < 2; round += 1) {
      const answer = await chat("stack");
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.routedTo, "openai/gpt-4o-mini");
    }
    assert.deepEqual(mock.requests.map((recorded) => (recorded.json as { model: string }).model), ["gpt-4o-mini", "gpt-4o-mini"]);

    const updated = await api("PATCH", "/api/combos/stack", { strategy: "round-robin" });
    assert.equal(updated.status, 200, updated.text);
    const leads: unknown[] = [];
    for (let round = 0; round < 4; round += 1) leads.push((await chat("stack")).routedTo);
    assert.deepEqual(leads, ["openai/gpt-4o-mini", "openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4o"]);

    const weighted = await api("PATCH", "/api/combos/stack", { weights: [1, 3] });
    assert.deepEqual(weighted.json().weights, [1, 3]);
    const weightedLeads: unknown[] = [];
    for (let round = 0; round < 4; round += 1) weightedLeads.push((await chat("stack")).routedTo);
    assert.equal(weightedLeads.filter((lead) => lead === "openai/gpt-4o").length, 3);

    const fetched = await api("GET", "/api/combos/stack");
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.json().weights, [1, 3]);

    const disabled = await api("PATCH", "/api/combos/stack", { enabled: false });
    assert.equal(disabled.json().enabled, false);
    assert.ok(!(await modelIds()).includes("stack"));
    assert.equal((await chat("stack")).status, 400);
    await api("PATCH", "/api/combos/stack", { enabled: true });
    assert.equal((await chat("stack")).status, 200);

    const deleted = await api("DELETE", "/api/combos/stack");
    assert.equal(deleted.status, 204);
    assert.equal((await api("GET", "/api/combos/stack")).status, 404);
    assert.ok(!(await modelIds()).includes("stack"));
    const afterDelete = await chat("stack");
    assert.equal(afterDelete.status, 400);
    assert.match(afterDelete.text, /unknown_model/);
  });

  it("lists config-file combos with their strategy", async () => {
    const listed = await api("GET", "/api/combos");
    assert.equal(listed.status, 200);
    const fromFile = (listed.json().data as { name: string; strategy: string }[]).find((combo) => combo.name === "from-file");
    assert.equal(fromFile?.strategy, "round-robin");
  });

  it("answers 400 with paths, 404 for unknown names and 409 for taken names", async () => {
    const unknown = await api("POST", "/api/combos", { name: "bad", models: ["openai/gpt-4o", "nope/x"] });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json().error.problems, ["models[1]: unknown provider 'nope'"]);

    const nested = await api("POST", "/api/combos", { name: "nested", models: ["from-file"] });
    assert.equal(nested.status, 400);
    assert.match(nested.json().error.message, /^models\[0\]: 'from-file' is a combo/);

    const shape = await api("POST", "/api/combos", { name: "x", models: ["openai/gpt-4o"], weights: [1, 2] });
    assert.deepEqual(shape.json().error.problems, ["weights: must have one weight per model"]);

    const notJson = await request(`${gateway.url}/api/combos`, { method: "POST", headers: { cookie, origin: gateway.url, "content-type": "application/json" }, body: "{" });
    assert.equal(notJson.statusCode, 400);
    await notJson.body.dump();

    assert.equal((await api("PATCH", "/api/combos/missing", { enabled: false })).status, 404);
    assert.equal((await api("DELETE", "/api/combos/missing")).status, 404);
    assert.equal((await api("POST", "/api/combos", { name: "from-file", models: ["openai/gpt-4o"] })).status, 409);
    assert.equal((await api("POST", "/api/combos", { name: "openai", models: ["openai/gpt-4o"] })).status, 409);
  });

  it("refuses writes without the session or from another origin", async () => {
    const anonymous = await request(`${gateway.url}/api/combos`, { method: "GET" });
    assert.equal(anonymous.statusCode, 401);
    await anonymous.body.dump();
    const crossSite = await request(`${gateway.url}/api/combos`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ name: "evil", models: ["openai/gpt-4o"] }),
    });
    assert.equal(crossSite.statusCode, 403);
    await crossSite.body.dump();
  });
});
