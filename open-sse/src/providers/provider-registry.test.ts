import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { providerDefinitionProblems, registryProblems } from "./check-provider-definition";
import { openai } from "./definitions/openai";
import type { ProviderDefinition } from "./provider-definition";
import { providerDefinitions } from "./provider-registry";

/** The subscription providers issue #9 names, then the API-key providers issue #4 names, by model prefix. */
const EXPECTED_IDS = [
  "cc", "cx", "gc", "ag", "gh", "cu",
  "openai", "anthropic", "gemini", "openrouter", "ds", "groq", "xai", "mistral", "pplx",
  "together", "fireworks", "cerebras", "cohere", "nvidia", "nebius", "glm", "minimax", "kimi",
  "if", "qw", "kr",
];

describe("provider registry", () => {
  it("holds exactly the product's subscription and API-key providers, ids unique", () => {
    assert.deepEqual(providerDefinitions.map((definition) => definition.id), EXPECTED_IDS);
  });

  it("has no invalid definition: https base URLs, sourced facts, non-negative prices, limits on every chat model", () => {
    assert.deepEqual(registryProblems(providerDefinitions), []);
  });

  it("lists chat models for every provider and model ids unique within each", () => {
    for (const definition of providerDefinitions) {
      assert.ok(definition.models.some((model) => model.type === "chat"), `${definition.id} lists no chat model`);
      assert.equal(new Set(definition.models.map((model) => model.id)).size, definition.models.length, definition.id);
    }
  });

  it("subscription providers name their executor and login flow, and cost nothing per token", () => {
    const subscriptions = providerDefinitions.filter((definition) => definition.tier === "subscription");
    assert.deepEqual(
      subscriptions.map((definition) => [definition.id, definition.executor, definition.oauthFlow, definition.apiFormat]),
      [
        ["cc", "claude-code", "claude-code", "anthropic-messages"],
        ["cx", "codex", "codex", "openai-responses"],
        ["gc", "gemini-cli", "gemini-cli", "gemini"],
        ["ag", "antigravity", "antigravity", "gemini"],
        ["gh", "copilot", "github-device", "openai-chat"],
        ["cu", "cursor", "cursor-import", "openai-chat"],
      ],
    );
    for (const definition of subscriptions) {
      for (const model of definition.models) assert.deepEqual(model.price, { inputPerMillion: 0, outputPerMillion: 0 }, `${definition.id}/${model.id}`);
    }
    // The models issue #9 names.
    const ids = (id: string) => providerDefinitions.find((definition) => definition.id === id)!.models.map((model) => model.id);
    for (const id of ["claude-opus-4-6", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"]) assert.ok(ids("cc").includes(id), id);
    for (const id of ["gpt-5.2-codex", "gpt-5.1-codex-max"]) assert.ok(ids("cx").includes(id), id);
    for (const id of ["gemini-3-flash-preview", "gemini-2.5-pro"]) assert.ok(ids("gc").includes(id), id);
    assert.ok(ids("ag").some((id) => id.startsWith("claude-")) && ids("ag").some((id) => id.startsWith("gemini-")));
  });

  it("keeps the ids the product documents", () => {
    const ids = (id: string) => providerDefinitions.find((definition) => definition.id === id)!.models.map((model) => model.id);
    assert.ok(ids("ds").includes("deepseek-reasoner"));
    assert.ok(ids("groq").includes("llama-3.3-70b-versatile"));
    assert.ok(ids("together").includes("meta-llama/Llama-3.3-70B-Instruct-Turbo"));
  });

  it("wire protocols: Anthropic and MiniMax speak Messages, Gemini its own, Perplexity Responses, the rest OpenAI Chat", () => {
    const byFormat = Object.fromEntries(providerDefinitions.map((definition) => [definition.id, definition.apiFormat]));
    assert.equal(byFormat.anthropic, "anthropic-messages");
    assert.equal(byFormat.minimax, "anthropic-messages");
    assert.equal(byFormat.gemini, "gemini");
    assert.equal(byFormat.pplx, "openai-responses");
    for (const id of ["openai", "openrouter", "ds", "groq", "xai", "mistral", "together", "fireworks", "cerebras", "cohere", "nvidia", "nebius", "glm", "kimi"]) {
      assert.equal(byFormat[id], "openai-chat", id);
    }
  });
});

describe("providerDefinitionProblems", () => {
  const broken: ProviderDefinition = {
    ...openai,
    id: "Bad Id",
    baseUrl: "http://api.example.com/v1/",
    sources: { ...openai.sources, prices: [] },
    models: [
      { id: "m", name: "M", type: "chat", capabilities: { tools: false, vision: false, reasoning: false }, price: { inputPerMillion: -1, outputPerMillion: 1 } },
      { id: "m", name: "M again", type: "embedding", capabilities: { tools: false, vision: false, reasoning: false } },
    ],
  };

  it("names every problem of a broken definition", () => {
    const problems = providerDefinitionProblems(broken);
    for (const expected of [
      "id must be lowercase",
      "baseUrl must be https",
      "sources.prices is empty",
      "model m: a chat model needs a positive contextWindow",
      "model m: a chat model needs a positive maxOutputTokens",
      "model m: price.inputPerMillion must be a non-negative number",
      "model m is listed twice",
    ]) {
      assert.ok(problems.some((problem) => problem.includes(expected)), `missing "${expected}" in ${JSON.stringify(problems)}`);
    }
  });

  it("refuses credentials, queries and trailing slashes in base URLs", () => {
    for (const baseUrl of ["https://user:secret@api.example.com/v1", "https://api.example.com/v1?key=x", "https://api.example.com/v1/"]) {
      assert.equal(providerDefinitionProblems({ ...openai, baseUrl }).length, 1, baseUrl);
    }
  });

  it("finds a provider id used twice", () => {
    assert.deepEqual(registryProblems([openai, openai]), ["openai: provider id is used twice"]);
  });
});
