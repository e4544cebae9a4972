import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ClientKeyRuntime, GatewaySnapshot, ProviderRuntime } from "../ports";
import { resolveModel } from "../routing/resolve-model";
import { isListedModelAllowed, isModelAllowed, modelNotAllowed } from "./model-allowlist";

function provider(id: string, models: string[]): ProviderRuntime {
  return { id, displayName: id, apiFormat: "openai-chat", models, strategy: "round-robin", accounts: [] };
}

const snapshot: GatewaySnapshot = {
  settings: { requireApiKey: true, maxBodyBytes: 1, firstByteTimeoutMs: 1, idleTimeoutMs: 1 },
  providers: new Map([
    ["openai", provider("openai", ["gpt-4o", "gpt-4o-mini"])],
    ["anthropic", provider("anthropic", ["claude"])],
  ]),
  clientKeys: [],
  combos: new Map([
    ["stack", { models: ["anthropic/claude", "openai/gpt-4o"], strategy: "priority" }],
    ["cheap", { models: ["openai/gpt-4o-mini"], strategy: "priority" }],
  ]),
};

let nextId = 0;
function keyWith(allowedModels: string[] | null): ClientKeyRuntime {
  return { id: `k${nextId++}`, name: "k", prefix: "", digest: Buffer.alloc(32), enabled: true, expiresAt: null, allowedModels };
}

const allowed = (key: ClientKeyRuntime | undefined, model: string) => isModelAllowed(snapshot, key, model, resolveModel(snapshot, model));

describe("isModelAllowed", () => {
  it("allows everything without a key or without an allowlist", () => {
    assert.equal(allowed(undefined, "openai/gpt-4o"), true);
    assert.equal(allowed(keyWith(null), "stack"), true);
  });

  it("matches a qualified entry for the qualified and the bare request", () => {
    const key = keyWith(["openai/gpt-4o"]);
    assert.equal(allowed(key, "openai/gpt-4o"), true);
    assert.equal(allowed(key, "gpt-4o"), true, "bare names resolve first");
    assert.equal(allowed(key, "openai/gpt-4o-mini"), false);
    assert.equal(allowed(key, "gpt-4o-mini"), false);
    assert.equal(allowed(key, "anthropic/claude"), false);
  });

  it("resolves bare entries like requests", () => {
    const key = keyWith(["gpt-4o"]);
    assert.equal(allowed(key, "openai/gpt-4o"), true);
    assert.equal(allowed(key, "gpt-4o"), true);
    assert.equal(allowed(key, "claude"), false);
  });

  it("allows a combo by name, and not through a member", () => {
    assert.equal(allowed(keyWith(["stack"]), "stack"), true);
    assert.equal(allowed(keyWith(["stack"]), "anthropic/claude"), false, "a combo entry does not open its members directly");
    assert.equal(allowed(keyWith(["openai/gpt-4o"]), "stack"), false, "one allowed member does not open the combo");
    assert.equal(allowed(keyWith(["anthropic/claude", "openai/gpt-4o"]), "stack"), true, "every member allowed adds nothing");
  });

  it("allows nothing with an empty allowlist", () => {
    assert.equal(allowed(keyWith([]), "openai/gpt-4o"), false);
    assert.equal(isListedModelAllowed(snapshot, keyWith([]), "stack"), false);
  });

  it("judges listed ids for /v1/models, unknown ones included", () => {
    const key = keyWith(["cheap", "gpt-4o"]);
    assert.equal(isListedModelAllowed(snapshot, key, "cheap"), true);
    assert.equal(isListedModelAllowed(snapshot, key, "openai/gpt-4o"), true);
    assert.equal(isListedModelAllowed(snapshot, key, "stack"), false);
    assert.equal(isListedModelAllowed(snapshot, key, "nope/unknown"), false);
  });
});

describe("modelNotAllowed", () => {
  it("is a 403 with code model_not_allowed", () => {
    const error = modelNotAllowed("openai/gpt-4o");
    assert.equal(error.status, 403);
    assert.equal(error.code, "model_not_allowed");
    assert.equal(error.param, "model");
  });
});
