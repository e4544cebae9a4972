import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../core/gateway-error";
import type { GatewaySnapshot, ProviderRuntime } from "../ports";
import { createComboRotation } from "./combo-rotation";
import { comboBehind, resolveModel } from "./resolve-model";

function provider(id: string, models: string[]): ProviderRuntime {
  return { id, displayName: id, apiFormat: "openai-chat", models, strategy: "round-robin", accounts: [] };
}

const snapshot: GatewaySnapshot = {
  settings: { requireApiKey: false, maxBodyBytes: 1, firstByteTimeoutMs: 1, idleTimeoutMs: 1 },
  providers: new Map([
    ["openai", provider("openai", ["gpt-4o"])],
    ["groq", provider("groq", ["openai/gpt-oss-120b", "shared"])],
    ["other", provider("other", ["shared"])],
  ]),
  clientKeys: [],
  combos: new Map([
    ["stack", { models: ["nope/x", "openai/gpt-4o", "groq/llama"], strategy: "priority" }],
    ["spread", { models: ["openai/gpt-4o", "groq/llama"], strategy: "round-robin", weights: [3, 1] }],
  ]),
};

const resolved = (model: string) => resolveModel(snapshot, model).map((target) => `${target.provider.id}:${target.upstreamModel}`);

describe("resolveModel", () => {
  it("routes a prefixed model and strips the prefix, listed or not", () => {
    assert.deepEqual(resolved("openai/gpt-4o"), ["openai:gpt-4o"]);
    assert.deepEqual(resolved("openai/gpt-9-preview"), ["openai:gpt-9-preview"]);
  });

  it("routes a bare or slash-containing id to the one provider listing it", () => {
    assert.deepEqual(resolved("gpt-4o"), ["openai:gpt-4o"]);
    assert.deepEqual(resolved("openai/gpt-oss-120b"), ["openai:gpt-oss-120b"]);
    assert.deepEqual(resolved("groq/openai/gpt-oss-120b"), ["groq:openai/gpt-oss-120b"]);
  });

  it("expands a combo in order, skipping members without a configured provider", () => {
    assert.deepEqual(resolved("stack"), ["openai:gpt-4o", "groq:llama"]);
  });

  it("rotates the leading member of a round-robin combo by weight, keeping the rest as fallbacks", () => {
    const rotation = createComboRotation();
    const leads = Array.from({ length: 4 }, () => resolveModel(snapshot, "spread", rotation).map((target) => target.qualifiedModel));
    assert.deepEqual(leads, [
      ["openai/gpt-4o", "groq/llama"],
      ["openai/gpt-4o", "groq/llama"],
      ["groq/llama", "openai/gpt-4o"],
      ["openai/gpt-4o", "groq/llama"],
    ]);
  });

  it("refuses unknown prefixes and ambiguous bare ids with a 400 that lists the providers", () => {
    for (const model of ["nope/gpt-4o", "shared", "unknown"]) {
      assert.throws(
        () => resolveModel(snapshot, model),
        (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.code === "unknown_model" && /openai, groq, other/.test(error.publicMessage),
      );
    }
  });
});

describe("resolveModel: aliases and the default route", () => {
  const routed: GatewaySnapshot = {
    ...snapshot,
    aliases: new Map([
      ["claude-opus-4-8", "stack"],
      ["gpt-5.2-codex", "openai/gpt-4o"],
      ["broken-alias", "nope/x"],
    ]),
    defaultRoutes: new Map([["openai-chat", "openai/gpt-4o"]]),
  };
  const names = (model: string) => resolveModel(routed, model).map((target) => target.qualifiedModel);

  it("sends an alias to its model or combo", () => {
    assert.deepEqual(names("gpt-5.2-codex"), ["openai/gpt-4o"]);
    assert.equal(names("claude-opus-4-8")[0], "openai/gpt-4o");
  });

  it("sends names that resolve nowhere (ambiguous ones included) to the default route, never to a 400", () => {
    assert.deepEqual(names("some-new-model"), ["openai/gpt-4o"]);
    assert.deepEqual(names("shared"), ["openai/gpt-4o"]);
    assert.deepEqual(names("groq/llama"), ["groq/llama"], "a known prefix still wins");
  });

  it("says which alias is broken", () => {
    assert.throws(() => resolveModel(routed, "broken-alias"), (error: unknown) => GatewayError.isInstance(error) && /alias of 'nope\/x'/.test(error.publicMessage));
  });
  it("names the combo behind a model name: by alias, by its own name, or as the default route", () => {
    const routed: GatewaySnapshot = {
      ...snapshot,
      aliases: new Map([["claude-opus-4-8", "spread"]]),
      defaultRoutes: new Map([["anthropic-messages", "stack"]]),
    };
    assert.equal(comboBehind(routed, "claude-opus-4-8")?.strategy, "round-robin");
    assert.equal(comboBehind(routed, "spread")?.strategy, "round-robin");
    assert.equal(comboBehind(routed, "stack")?.strategy, "priority");
    assert.equal(comboBehind(routed, "unknown-name", "anthropic-messages")?.strategy, "priority");
    assert.equal(comboBehind(routed, "unknown-name", "openai-chat"), undefined);
  });
});
