import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clampEffort, openAiModelTraits } from "./openai-model-traits";

describe("openAiModelTraits", () => {
  it("tells reasoning, non-reasoning and unknown models apart", () => {
    assert.equal(openAiModelTraits("gpt-4o").kind, "non-reasoning");
    assert.equal(openAiModelTraits("gpt-4.1-mini").kind, "non-reasoning");
    assert.equal(openAiModelTraits("chatgpt-4o-latest").kind, "non-reasoning");
    assert.equal(openAiModelTraits("gpt-5-chat-latest").kind, "non-reasoning");
    assert.equal(openAiModelTraits("o3").kind, "reasoning");
    assert.equal(openAiModelTraits("o4-mini").kind, "reasoning");
    assert.equal(openAiModelTraits("openai/gpt-5.1-codex").kind, "reasoning");
    assert.equal(openAiModelTraits("qwen3-coder").kind, "unknown");
    assert.equal(openAiModelTraits("openai/gpt-oss-20b").kind, "unknown");
  });

  it("knows the efforts each family takes", () => {
    assert.deepEqual(openAiModelTraits("gpt-5").efforts, ["minimal", "low", "medium", "high"]);
    assert.deepEqual(openAiModelTraits("gpt-5-codex").efforts, ["low", "medium", "high"]);
    assert.deepEqual(openAiModelTraits("gpt-5.1").efforts, ["none", "low", "medium", "high"]);
    assert.deepEqual(openAiModelTraits("gpt-5.1-codex-max").efforts, ["low", "medium", "high", "xhigh"]);
    assert.deepEqual(openAiModelTraits("gpt-5.4").efforts, ["none", "low", "medium", "high", "xhigh"]);
    assert.deepEqual(openAiModelTraits("o3").efforts, ["low", "medium", "high"]);
    assert.equal(openAiModelTraits("gpt-5").samplingWhenEffortNone, false);
    assert.equal(openAiModelTraits("gpt-5.1").samplingWhenEffortNone, true);
  });
});

describe("clampEffort", () => {
  it("moves an effort the model does not take to the nearest one, upward on ties", () => {
    assert.equal(clampEffort("xhigh", ["minimal", "low", "medium", "high"]), "high");
    assert.equal(clampEffort("none", ["minimal", "low", "medium", "high"]), "minimal");
    assert.equal(clampEffort("minimal", ["none", "low", "medium", "high"]), "low");
    assert.equal(clampEffort("none", ["low", "medium", "high"]), "low");
    assert.equal(clampEffort("medium", ["low", "medium", "high"]), "medium");
    assert.equal(clampEffort("xhigh", undefined), "xhigh");
  });
});
