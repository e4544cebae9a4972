// GET /v1/models through the real server, driven by the management API: combos first, then the chat, embedding and
// image models of providers with an enabled connection, custom models with `custom: true`, each id once; hidden and
// disabled providers left out; filtered by the calling key's allowlist; rebuilt when the configuration changes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { loginCookie } from "../lib/dashboard-session";
import { startOmniroute, type OmnirouteProcess } from "../lib/start-omniroute";
import { startOpenAiMock, type OpenAiMock } from "../mock-upstream/openai-mock-server";

const PASSWORD = "models-list-password";
const CLIENT_KEY = "omr-models-list-client-key-0123456789";

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
      apiKeys: [{ name: "all", key: CLIENT_KEY }],
      providers: [
        { id: "openai", models: ["gpt-4o"], accounts: [{ name: "main", apiKey: "sk-list-upstream-00000000000", baseUrl: mock.url }] },
        { id: "groq", accounts: [{ name: "g", apiKey: "sk-list-groq-0000000000000", baseUrl: mock.url }] },
        { id: "node", type: "openai-compatible", baseUrl: mock.url, models: ["n1"], accounts: [{ apiKey: "node-key-00000000000" }] },
      ],
      combos: [{ name: "stack", models: ["openai/gpt-4o", "groq/llama-3.3-70b-versatile"] }],
    },
  });
  cookie = await loginCookie(gateway.url, PASSWORD);
});

after(async () => {
  await gateway?.dispose();
  await mock?.close();
});

async function api(method: "GET" | "POST" | "PATCH", path: string, body?: unknown) {
  const response = await request(`${gateway.url}${path}`, {
    method,
    headers: { cookie, origin: gateway.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  assert.ok(response.statusCode < 300, `${method} ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text || "null");
}

async function list(key = CLIENT_KEY): Promise<Record<string, unknown>[]> {
  const response = await request(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.body.text();
  assert.equal(response.statusCode, 200, text);
  const body = JSON.parse(text) as { object: string; data: Record<string, unknown>[] };
  assert.equal(body.object, "list");
  return body.data;
}

const ids = (models: Record<string, unknown>[]) => models.map((model) => String(model.id));

describe("GET /v1/models", () => {
  it("needs a client key when keys are required", async () => {
    const response = await request(`${gateway.url}/v1/models`);
    assert.equal(response.statusCode, 401);
    await response.body.dump();
  });

  it("lists combos first, then every active provider's chat, embedding and image models in OpenAI's format, each once", async () => {
    const models = await list();
    assert.equal(models[0]?.id, "stack");
    assert.equal(models[0]?.owned_by, "combo");
    const all = ids(models);
    assert.equal(new Set(all).size, all.length, "no duplicates");
    for (const id of ["openai/gpt-4o", "openai/gpt-4o-mini", "groq/llama-3.3-70b-versatile", "node/n1"]) assert.ok(all.includes(id), id);
    assert.equal(all.filter((id) => id === "openai/gpt-4o").length, 1, "a configured model that the catalog lists too appears once");
    const embedding = models.find((model) => model.id === "openai/text-embedding-3-small");
    assert.deepEqual(embedding && { type: embedding.type, object: embedding.object, owned_by: embedding.owned_by }, { type: "embedding", object: "model", owned_by: "openai" });
    assert.equal(models.find((model) => model.id === "openai/gpt-image-1")?.type, "image");
    assert.equal(models.find((model) => model.id === "node/n1")?.custom, true, "a node's models are custom");
    for (const model of models) assert.equal(typeof model.created, "number");
  });

  it("adds custom models with custom: true and their type, and leaves hidden and disabled providers out", async () => {
    await api("POST", "/api/provider-models", { provider: "groq", modelId: "my-image-model", type: "image" });
    let models = await list();
    assert.deepEqual(models.find((model) => model.id === "groq/my-image-model"), { id: "groq/my-image-model", object: "model", created: models[0]!.created, owned_by: "groq", type: "image", custom: true });

    await api("PATCH", "/api/providers/groq", { hideFromModelList: true });
    models = await list();
    assert.equal(ids(models).some((id) => id.startsWith("groq/")), false, "hidden");
    assert.ok(ids(models).includes("stack"), "combos stay");
    await api("PATCH", "/api/providers/groq", { hideFromModelList: false });
    assert.ok(ids(await list()).includes("groq/my-image-model"));

    await api("PATCH", "/api/providers/node:account-1", { enabled: false });
    assert.equal(ids(await list()).includes("node/n1"), false, "no enabled connection: not listed");
    await api("PATCH", "/api/providers/node:account-1", { enabled: true });
    await api("PATCH", "/api/providers/openai", { enabled: false });
    assert.equal(ids(await list()).some((id) => id.startsWith("openai/")), false, "a disabled provider is not listed");
    await api("PATCH", "/api/providers/openai", { enabled: true });
    assert.ok(ids(await list()).includes("openai/gpt-4o"));
  });

  it("shows a key with an allowlist only what it may use", async () => {
    const created = (await api("POST", "/api/keys", { name: "narrow", allowedModels: ["stack", "gpt-4o-mini", "groq/my-image-model"] })) as { key: string };
    assert.deepEqual(ids(await list(created.key)), ["stack", "openai/gpt-4o-mini", "groq/my-image-model"]);
    const one = await request(`${gateway.url}/v1/models/openai/gpt-4o`, { headers: { authorization: `Bearer ${created.key}` } });
    assert.equal(one.statusCode, 404, "not listed for this key");
    await one.body.dump();
  });
});
