import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GatewaySnapshot, ProviderRuntime } from "../ports";
import { buildModelCatalog } from "./model-catalog";

function provider(id: string, models: string[], accounts = 1, displayName = id): ProviderRuntime {
  return {
    id,
    displayName,
    apiFormat: "openai-chat",
    models,
    strategy: "round-robin",
    accounts: Array.from({ length: accounts }, (_, index) => ({ id: `a${index}`, name: `a${index}`, apiKey: "k", baseUrl: "https://example.com/v1", priority: 0 })),
  };
}

function snapshot(providers: ProviderRuntime[]): GatewaySnapshot {
  return {
    settings: { requireApiKey: false, maxBodyBytes: 1_000_000, firstByteTimeoutMs: 1_000, idleTimeoutMs: 1_000 },
    providers: new Map(providers.map((entry) => [entry.id, entry])),
    clientKeys: [],
    combos: new Map(),
  };
}

describe("buildModelCatalog", () => {
  const { catalog } = buildModelCatalog(
    snapshot([provider("openai", ["gpt-4o", "gpt-4.5-preview"]), provider("groq", ["llama-3.3-70b-versatile"], 0), provider("my-node", ["m1", "m1"], 1, "My node")]),
  );

  it("lists every built-in provider, active only with an account", () => {
    assert.equal(catalog.openai!.active, true);
    assert.equal(catalog.groq!.active, false, "configured without accounts");
    assert.equal(catalog.mistral!.active, false, "not configured");
    assert.equal(catalog.mistral!.provider, "Mistral");
    assert.ok(catalog.mistral!.models.length > 0, "inactive providers still show what a key would unlock");
  });

  it("gives each model its prefixed id, name, type and custom flag", () => {
    const openai = catalog.openai!.models;
    assert.deepEqual(openai.find((model) => model.id === "openai/gpt-4o"), { id: "openai/gpt-4o", name: "GPT-4o", type: "chat", custom: false });
    assert.deepEqual(openai.find((model) => model.id === "openai/text-embedding-3-small")?.type, "embedding");
    assert.deepEqual(openai.find((model) => model.id === "openai/gpt-image-1")?.type, "image");
    assert.deepEqual(openai.find((model) => model.id === "openai/gpt-4.5-preview"), { id: "openai/gpt-4.5-preview", name: "gpt-4.5-preview", type: "chat", custom: true });
    assert.equal(openai.filter((model) => model.id === "openai/gpt-4o").length, 1, "a configured catalog model is not repeated");
    assert.ok(catalog.together!.models.some((model) => model.id === "together/meta-llama/Llama-3.3-70B-Instruct-Turbo"));
  });

  it("adds custom nodes with their own models, once each", () => {
    assert.deepEqual(catalog["my-node"], { provider: "My node", active: true, models: [{ id: "my-node/m1", name: "m1", type: "chat", custom: true }] });
  });
});
