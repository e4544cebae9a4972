import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ClientKeyRuntime, ComboRuntime, GatewaySnapshot, ProviderRuntime } from "../ports";
import { geminiModelBody, geminiModelListBody } from "./list-gemini-models";
import { listedModels, listModelsBody, modelBody } from "./list-models";

function provider(id: string, models: string[], extra: Partial<ProviderRuntime> = {}): ProviderRuntime {
  return {
    id,
    displayName: id,
    apiFormat: "openai-chat",
    models,
    strategy: "round-robin",
    accounts: [{ id: "a", name: "a", apiKey: "k", baseUrl: "https://example.com/v1", priority: 0 }],
    ...extra,
  };
}

function snapshot(providers: ProviderRuntime[], combos: Record<string, ComboRuntime> = {}): GatewaySnapshot {
  return {
    settings: { requireApiKey: false, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 1_000, idleTimeoutMs: 1_000 },
    providers: new Map(providers.map((entry) => [entry.id, entry])),
    clientKeys: [],
    combos: new Map(Object.entries(combos)),
  };
}

/** Listings are cached per snapshot and key id (a key's allowlist changes only with a new snapshot): one id per list. */
function key(allowedModels: string[] | null): ClientKeyRuntime {
  return { id: JSON.stringify(allowedModels), name: "k", prefix: "p", digest: Buffer.alloc(0), enabled: true, expiresAt: null, allowedModels };
}

const CREATED = 1_700_000_000;

function list(value: GatewaySnapshot, clientKey?: ClientKeyRuntime) {
  return JSON.parse(listModelsBody(value, CREATED, clientKey)) as { object: string; data: Array<Record<string, unknown>> };
}

describe("GET /v1/models", () => {
  const base = snapshot(
    [
      provider("openai", ["gpt-4o", "text-embedding-3-small", "gpt-image-1", "gpt-4.5-preview", "gpt-4o"]),
      provider("groq", ["openai/gpt-oss-120b"]),
      provider("idle", ["m1"], { accounts: [] }),
      provider("together", ["meta-llama/Llama-3.3-70B-Instruct-Turbo"], { hiddenFromModelList: true }),
    ],
    { "my-stack": { models: ["openai/gpt-4o", "groq/openai/gpt-oss-120b"], strategy: "priority" } },
  );

  it("lists combos first, then chat, embedding and image models of providers with accounts, in OpenAI's list format", () => {
    const body = list(base);
    assert.equal(body.object, "list");
    assert.deepEqual(body.data, [
      { id: "my-stack", object: "model", created: CREATED, owned_by: "combo" },
      { id: "openai/gpt-4o", object: "model", created: CREATED, owned_by: "openai" },
      { id: "openai/text-embedding-3-small", object: "model", created: CREATED, owned_by: "openai", type: "embedding" },
      { id: "openai/gpt-image-1", object: "model", created: CREATED, owned_by: "openai", type: "image" },
      { id: "openai/gpt-4.5-preview", object: "model", created: CREATED, owned_by: "openai", custom: true },
      { id: "groq/openai/gpt-oss-120b", object: "model", created: CREATED, owned_by: "groq" },
    ]);
  });

  it("lists each id once, leaves out providers without accounts and hidden ones", () => {
    const ids = list(base).data.map((entry) => entry.id);
    assert.equal(ids.filter((id) => id === "openai/gpt-4o").length, 1);
    assert.ok(!ids.includes("idle/m1"));
    assert.ok(!ids.some((id) => String(id).startsWith("together/")));
  });

  it("a combo named like a listed model appears once, as the combo (requests resolve it first)", () => {
    const clash = snapshot([provider("openai", ["gpt-4o"]), provider("x", ["y"])], { "x/y": { models: ["openai/gpt-4o"], strategy: "priority" } });
    assert.deepEqual(list(clash).data.filter((entry) => entry.id === "x/y"), [{ id: "x/y", object: "model", created: CREATED, owned_by: "combo" }]);
  });

  it("filters by the calling key's allowlist, bare ids resolved", () => {
    assert.deepEqual(list(base, key(["gpt-4o", "my-stack"])).data.map((entry) => entry.id), ["my-stack", "openai/gpt-4o"]);
    assert.equal(list(base, key(null)).data.length, 6);
  });

  it("answers one model, or nothing for ids not listed or not allowed", () => {
    assert.deepEqual(JSON.parse(modelBody(base, CREATED, "openai/text-embedding-3-small")!), {
      id: "openai/text-embedding-3-small",
      object: "model",
      created: CREATED,
      owned_by: "openai",
      type: "embedding",
    });
    assert.equal(modelBody(base, CREATED, "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"), undefined);
    assert.equal(modelBody(base, CREATED, "openai/gpt-4o", key(["my-stack"])), undefined);
  });

  it("uses the created time it is given, whichever listing ran first", () => {
    const fresh = snapshot([provider("openai", ["gpt-4o"])]);
    geminiModelListBody(fresh);
    assert.equal(list(fresh).data[0]!.created, CREATED);
  });
});

describe("GET /v1beta/models", () => {
  const base = snapshot([provider("openai", ["gpt-4o", "text-embedding-3-small", "gpt-4.5-preview"])], { stack: { models: ["openai/gpt-4o"], strategy: "priority" } });

  it("lists chat models and combos only, with catalog names and limits", () => {
    const body = JSON.parse(geminiModelListBody(base)) as { models: Array<Record<string, unknown>> };
    assert.deepEqual(body.models.map((model) => model.name), ["models/stack", "models/openai/gpt-4o", "models/openai/gpt-4.5-preview"]);
    const gpt4o = body.models[1]!;
    assert.equal(gpt4o.displayName, "GPT-4o");
    assert.equal(gpt4o.inputTokenLimit, 128_000);
    assert.equal(gpt4o.outputTokenLimit, 16_384);
    assert.equal(body.models[2]!.displayName, "openai/gpt-4.5-preview", "custom models fall back to their id");
  });

  it("answers one chat model and refuses embedding models", () => {
    assert.equal((JSON.parse(geminiModelBody(base, "models/openai/gpt-4o")!) as { name: string }).name, "models/openai/gpt-4o");
    assert.equal(geminiModelBody(base, "openai/text-embedding-3-small"), undefined);
  });
});

describe("GET /v1/models: custom models", () => {
  it("types custom models by the snapshot's modelTypes and marks them custom", () => {
    const typed = snapshot([
      provider("openai", ["gpt-4o", "my-embedder", "my-painter", "gpt-4.5-preview"], {
        modelTypes: new Map([
          ["my-embedder", "embedding"],
          ["my-painter", "image"],
        ]),
      }),
      provider("my-node", ["flux"], { modelTypes: new Map([["flux", "image"]]) }),
    ]);
    assert.deepEqual(list(typed).data, [
      { id: "openai/gpt-4o", object: "model", created: CREATED, owned_by: "openai" },
      { id: "openai/my-embedder", object: "model", created: CREATED, owned_by: "openai", type: "embedding", custom: true },
      { id: "openai/my-painter", object: "model", created: CREATED, owned_by: "openai", type: "image", custom: true },
      { id: "openai/gpt-4.5-preview", object: "model", created: CREATED, owned_by: "openai", custom: true },
      { id: "my-node/flux", object: "model", created: CREATED, owned_by: "my-node", type: "image", custom: true },
    ]);
  });

  it("is built once per snapshot and rebuilt for a new one", () => {
    const once = snapshot([provider("openai", ["gpt-4o"])]);
    assert.equal(listedModels(once), listedModels(once));
    assert.notEqual(listedModels(snapshot([provider("openai", ["gpt-4o"])])), listedModels(once));
  });
});
