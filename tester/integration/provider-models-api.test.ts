// /api/provider-models, /api/models/alias and /api/models/catalog against the real server: custom models appear in
// /v1/models with `custom: true` (typed: embedding and image models carry their type) and route; the catalog has
// exactly the documented shape; aliases redirect a name clients send to a model or a combo.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const PASSWORD = "provider-models-password";

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
      providers: [{ id: "openai", accounts: [{ name: "main", apiKey: "sk-models-upstream-0000000000", baseUrl: mock.url }] }],
      combos: [{ name: "my-stack", models: ["openai/gpt-4o"] }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

beforeEach(() => mock.reset());

async function api(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown, withSession = true) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { ...(withSession ? { cookie } : {}), origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, json: () => JSON.parse(text) };
}

async function listModels(): Promise<Record<string, unknown>[]> {
  const response = await request(`${gateway.url}/v1/models`);
  assert.equal(response.statusCode, 200);
  return ((await response.body.json()) as { data: Record<string, unknown>[] }).data;
}

async function chat(model: string) {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.statusCode, routedTo: response.headers["x-omniroute-model"], text: await response.body.text() };
}

describe("/api/provider-models", () => {
  it("answers 401 without a session", async () => {
    assert.equal((await api("GET", "/api/provider-models", undefined, false)).status, 401);
    assert.equal((await api("POST", "/api/provider-models", {}, false)).status, 401);
    assert.equal((await api("GET", "/api/models/alias", undefined, false)).status, 401);
    assert.equal((await api("PUT", "/api/models/alias", {}, false)).status, 401);
    assert.equal((await api("GET", "/api/models/catalog", undefined, false)).status, 401);
  });

  it("adds custom models exactly as the product documents; /v1/models lists them with custom: true and they route", async () => {
    const added = await api("POST", "/api/provider-models", { provider: "openai", modelId: "gpt-4.5-preview", modelName: "GPT-4.5 Preview" });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(added.json(), { provider: "openai", id: "gpt-4.5-preview", qualifiedId: "openai/gpt-4.5-preview", name: "GPT-4.5 Preview", type: "chat" });
    assert.equal((await api("POST", "/api/provider-models", { provider: "openai", modelId: "my-embedder", modelName: "Mine", type: "embedding" })).status, 201);
    assert.equal((await api("POST", "/api/provider-models", { provider: "openai", modelId: "my-embedder", modelName: "Mine v2", type: "embedding" })).status, 200, "again: updated");

    const models = await listModels();
    assert.deepEqual(models.find((model) => model.id === "openai/gpt-4.5-preview"), { id: "openai/gpt-4.5-preview", object: "model", created: models[0]!.created, owned_by: "openai", custom: true });
    assert.deepEqual(models.find((model) => model.id === "openai/my-embedder"), { id: "openai/my-embedder", object: "model", created: models[0]!.created, owned_by: "openai", type: "embedding", custom: true });
    assert.equal(models.find((model) => model.id === "openai/gpt-4o")?.custom, undefined, "catalog models are not custom");

    const routed = await chat("gpt-4.5-preview");
    assert.equal(routed.status, 200, routed.text);
    assert.equal(routed.routedTo, "openai/gpt-4.5-preview", "a bare custom id routes to the provider listing it");

    const listed = await api("GET", "/api/provider-models?provider=openai");
    assert.deepEqual(listed.json().data.map((model: { id: string; name: string }) => [model.id, model.name]), [
      ["gpt-4.5-preview", "GPT-4.5 Preview"],
      ["my-embedder", "Mine v2"],
    ]);
    assert.deepEqual((await api("GET", "/api/provider-models")).json().data.length, 2);
    assert.equal((await api("GET", "/api/provider-models?provider=nope")).status, 404);

    assert.equal((await api("DELETE", "/api/provider-models?provider=openai&model=gpt-4.5-preview")).status, 204);
    assert.equal((await listModels()).some((model) => model.id === "openai/gpt-4.5-preview"), false);
    assert.equal((await api("DELETE", "/api/provider-models?provider=openai&model=gpt-4.5-preview")).status, 404);
  });

  it("refuses catalog ids (409), unknown providers (404) and bad input (400)", async () => {
    assert.equal((await api("POST", "/api/provider-models", { provider: "openai", modelId: "gpt-4o" })).status, 409);
    assert.equal((await api("POST", "/api/provider-models", { provider: "nope", modelId: "m" })).status, 404);
    const bad = await api("POST", "/api/provider-models", { provider: "openai", modelId: "has space", type: "audio" });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /modelId: /);
    assert.match(bad.text, /type: /);
  });
});

describe("/api/models/catalog", () => {
  it("answers exactly {catalog: {<provider>: {provider, active, models: [{id, name, type, custom}]}}}", async () => {
    await api("POST", "/api/provider-models", { provider: "groq", modelId: "painter", modelName: "Painter", type: "image" });
    const response = await api("GET", "/api/models/catalog");
    assert.equal(response.status, 200);
    const body = response.json() as { catalog: Record<string, { provider: string; active: boolean; models: Record<string, unknown>[] }> };
    assert.deepEqual(Object.keys(body), ["catalog"]);
    for (const [prefix, entry] of Object.entries(body.catalog)) {
      assert.deepEqual(Object.keys(entry).sort(), ["active", "models", "provider"], prefix);
      for (const model of entry.models) {
        assert.deepEqual(Object.keys(model).sort(), ["custom", "id", "name", "type"], `${prefix}: ${String(model.id)}`);
        assert.ok(String(model.id).startsWith(`${prefix}/`));
        assert.ok(["chat", "embedding", "image"].includes(String(model.type)));
      }
    }
    assert.deepEqual([body.catalog.openai?.provider, body.catalog.openai?.active], ["OpenAI", true]);
    assert.equal(body.catalog.anthropic?.active, false);
    assert.deepEqual(body.catalog.openai?.models.find((model) => model.id === "openai/my-embedder"), { id: "openai/my-embedder", name: "Mine v2", type: "embedding", custom: true });
    assert.deepEqual(body.catalog.groq?.models.find((model) => model.custom === true), { id: "groq/painter", name: "Painter", type: "image", custom: true });
  });
});

describe("/api/models/alias", () => {
  it("puts, lists and deletes aliases that route a client's name to a model or a combo", async () => {
    const put = await api("PUT", "/api/models/alias", { alias: "claude-opus-4-8", target: "my-stack" });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json(), { alias: "claude-opus-4-8", target: "my-stack" });
    assert.equal((await api("PUT", "/api/models/alias", { alias: "cheap", target: "openai/gpt-4o-mini" })).status, 200);
    assert.deepEqual((await api("GET", "/api/models/alias")).json(), {
      data: [
        { alias: "cheap", target: "openai/gpt-4o-mini" },
        { alias: "claude-opus-4-8", target: "my-stack" },
      ],
    });

    const viaCombo = await chat("claude-opus-4-8");
    assert.equal(viaCombo.status, 200, viaCombo.text);
    assert.equal(viaCombo.routedTo, "openai/gpt-4o");
    assert.equal((mock.requests.at(-1)?.json as { model: string }).model, "gpt-4o");
    await chat("cheap");
    assert.equal((mock.requests.at(-1)?.json as { model: string }).model, "gpt-4o-mini");

    assert.equal((await api("DELETE", "/api/models/alias?alias=cheap")).status, 204);
    assert.equal((await chat("cheap")).status, 400, "no longer an alias");
    assert.equal((await api("DELETE", "/api/models/alias?alias=cheap")).status, 404);
  });

  it("refuses unknown targets, chains and combo names", async () => {
    assert.equal((await api("PUT", "/api/models/alias", { alias: "x", target: "nope/model" })).status, 400);
    assert.equal((await api("PUT", "/api/models/alias", { alias: "x", target: "claude-opus-4-8" })).status, 400);
    assert.equal((await api("PUT", "/api/models/alias", { alias: "my-stack", target: "openai/gpt-4o" })).status, 409);
    assert.equal((await api("PUT", "/api/models/alias", { alias: "has space", target: "openai/gpt-4o" })).status, 400);
  });
});
