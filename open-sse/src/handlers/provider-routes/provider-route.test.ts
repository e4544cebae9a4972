import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import type { GatewaySnapshot, ProviderRuntime } from "../../ports";
import { matchProviderRoute, qualifyProviderModel } from "./provider-route";

const provider = (id: string, models: string[]): ProviderRuntime => ({ id, displayName: id, apiFormat: "openai-chat", models, strategy: "priority", accounts: [] });
const snapshot = {
  settings: { requireApiKey: false, maxBodyBytes: 1, firstByteTimeoutMs: 1, idleTimeoutMs: 1 },
  providers: new Map([
    ["openai", provider("openai", ["gpt-4o"])],
    ["groq", provider("groq", ["openai/gpt-oss-120b"])],
    ["together", provider("together", [])],
  ]),
  clientKeys: [],
  combos: new Map([["my-stack", { models: ["openai/gpt-4o"], strategy: "priority" as const }]]),
} satisfies GatewaySnapshot;

describe("matchProviderRoute", () => {
  it("reads the provider and the operation", () => {
    assert.deepEqual(matchProviderRoute("/v1/providers/openai/chat/completions"), { providerId: "openai", operation: "chat" });
    assert.deepEqual(matchProviderRoute("/v1/providers/nvidia/embeddings"), { providerId: "nvidia", operation: "embeddings" });
    assert.deepEqual(matchProviderRoute("/v1/providers/xai/images/generations"), { providerId: "xai", operation: "images" });
    assert.deepEqual(matchProviderRoute("/v1/providers/my%20node/embeddings"), { providerId: "my node", operation: "embeddings" });
  });

  it("matches nothing else", () => {
    for (const path of ["/v1/providers//embeddings", "/v1/providers/a/b/embeddings", "/v1/providers/openai/responses", "/v1/embeddings", "/v1/providers/%zz/embeddings"]) {
      assert.equal(matchProviderRoute(path), undefined, path);
    }
  });
});

describe("qualifyProviderModel", () => {
  it("adds the prefix when missing and keeps it when present", () => {
    assert.equal(qualifyProviderModel(snapshot, "openai", "gpt-4o"), "openai/gpt-4o");
    assert.equal(qualifyProviderModel(snapshot, "openai", "openai/gpt-4o"), "openai/gpt-4o");
    assert.equal(qualifyProviderModel(snapshot, "together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"), "together/meta-llama/Llama-3.3-70B-Instruct-Turbo");
  });

  it("prefers the provider's own ids over a prefix reading", () => {
    assert.equal(qualifyProviderModel(snapshot, "groq", "openai/gpt-oss-120b"), "groq/openai/gpt-oss-120b");
  });

  it("refuses a model of another provider, a combo, and an unconfigured provider with 400", () => {
    const refusals = [
      () => qualifyProviderModel(snapshot, "openai", "together/some-model"),
      () => qualifyProviderModel(snapshot, "openai", "my-stack"),
      () => qualifyProviderModel(snapshot, "mistral", "mistral-embed"),
    ];
    const messages = refusals.map((refuse) => {
      try {
        refuse();
      } catch (error) {
        assert.ok(GatewayError.isInstance(error));
        assert.equal(error.status, 400);
        assert.equal(error.param, "model");
        return error.publicMessage;
      }
      return assert.fail("expected a 400");
    });
    assert.match(messages[0]!, /belongs to provider 'together'.*only serves 'openai'/);
    assert.match(messages[1]!, /combo/);
    assert.match(messages[2]!, /'mistral' is not configured/);
  });
});
