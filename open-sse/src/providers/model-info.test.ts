import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { modelInfo, quirksFor } from "./model-info";

describe("modelInfo", () => {
  it("answers a provider's model with its type, limits, capabilities and price", () => {
    assert.deepEqual(modelInfo("ds", "deepseek-reasoner"), {
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.14, outputPerMillion: 0.28, cacheReadPerMillion: 0.0028 },
      reasoningEfforts: undefined,
      acceptsSampling: true,
    });
  });

  it("finds ids that contain a slash, per provider", () => {
    assert.equal(modelInfo("groq", "openai/gpt-oss-120b")?.maxOutputTokens, 65_536);
    assert.equal(modelInfo("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo")?.type, "chat");
    assert.equal(modelInfo("openai", "openai/gpt-oss-120b"), undefined, "OpenAI itself does not list the open-weight id");
  });

  it("types embedding and image models and marks reasoning models that refuse sampling", () => {
    assert.equal(modelInfo("openai", "text-embedding-3-small")?.type, "embedding");
    assert.equal(modelInfo("openai", "gpt-image-1")?.type, "image");
    assert.equal(modelInfo("openai", "o3")?.acceptsSampling, false);
    assert.deepEqual(modelInfo("openai", "gpt-5")?.reasoningEfforts, ["minimal", "low", "medium", "high"]);
  });

  it("carries cache prices where they differ, Anthropic's 1-hour writes included", () => {
    assert.deepEqual(modelInfo("anthropic", "claude-sonnet-4-5")?.price, {
      inputPerMillion: 3,
      outputPerMillion: 15,
      cacheReadPerMillion: 0.3,
      cacheWritePerMillion: 3.75,
      cacheWrite1hPerMillion: 6,
    });
  });

  it("is undefined for unknown providers and models (callers fall back to their defaults)", () => {
    assert.equal(modelInfo("my-node", "gpt-4o"), undefined);
    assert.equal(modelInfo("openai", "gpt-9-preview"), undefined);
    assert.equal(modelInfo("openai", "GPT-4O"), undefined, "ids match exactly");
    // The cache must not turn a miss into a hit or the reverse.
    assert.equal(modelInfo("openai", "gpt-9-preview"), undefined);
    assert.equal(modelInfo("openai", "gpt-4o")?.contextWindow, 128_000);
  });
});

describe("quirksFor", () => {
  it("names Mistral's strict validation, its renamed seed and the stream_options it refuses", () => {
    const quirks = quirksFor("mistral")!;
    assert.equal(quirks.rejectsUnknownFields, true);
    assert.deepEqual(quirks.renamedFields, { seed: "random_seed" });
    assert.ok(quirks.rejectedFields.includes("stream_options"));
    assert.ok(quirks.rejectedFields.includes("max_completion_tokens"));
  });

  it("names the token-limit field and reasoning controls per provider", () => {
    assert.equal(quirksFor("openai")?.maxTokensField, "max_completion_tokens");
    assert.equal(quirksFor("anthropic")?.maxTokensRequired, true);
    assert.deepEqual(quirksFor("groq")?.rejectedFields, ["logprobs", "logit_bias", "top_logprobs", "messages[].name", "n>1"]);
    assert.deepEqual(quirksFor("glm")?.reasoningControls, ["thinking.type"]);
    assert.equal(quirksFor("nowhere"), undefined);
  });
});
