import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chatMaxOutputTokens, chatReasoningEffort, isOpenAiModel, isOpenAiReasoningModel } from "./openai-model-traits";

describe("openai-model-traits", () => {
  it("recognises OpenAI model families, with or without a router prefix", () => {
    for (const model of ["gpt-4o", "openai/gpt-4.1-mini", "o3", "o4-mini", "chatgpt-4o-latest", "gpt-5-codex"]) assert.equal(isOpenAiModel(model), true, model);
    for (const model of ["llama-3.3-70b", "deepseek-chat", "mistral-small-latest", "grok-3-mini", "orca"]) assert.equal(isOpenAiModel(model), false, model);
  });

  it("recognises reasoning models, not the chat variants", () => {
    for (const model of ["o1", "o3-mini", "gpt-5", "gpt-5.2", "gpt-5-mini"]) assert.equal(isOpenAiReasoningModel(model), true, model);
    for (const model of ["gpt-4o", "gpt-5-chat-latest", "gpt-4.1"]) assert.equal(isOpenAiReasoningModel(model), false, model);
  });

  it("clamps effort to what each family takes", () => {
    assert.equal(chatReasoningEffort(undefined, "gpt-5"), undefined);
    assert.equal(chatReasoningEffort("minimal", "gpt-5"), "minimal");
    assert.equal(chatReasoningEffort("xhigh", "gpt-5.1"), "high");
    assert.equal(chatReasoningEffort("xhigh", "gpt-5.1-codex-max"), "xhigh");
    assert.equal(chatReasoningEffort("none", "gpt-5.1"), "none");
    assert.equal(chatReasoningEffort("minimal", "o4-mini"), "low");
    assert.equal(chatReasoningEffort("xhigh", "gemini-2.5-pro"), "high");
    assert.equal(chatReasoningEffort("medium", "grok-3-mini"), "high");
    assert.equal(chatReasoningEffort("minimal", "grok-3-mini-fast"), "low");
    assert.equal(chatReasoningEffort("none", "gpt-oss-20b"), undefined);
    assert.equal(chatReasoningEffort("high", "gpt-5-chat-latest"), undefined);
    assert.equal(chatReasoningEffort("high", "llama-3.3-70b"), undefined);
  });

  it("caps output tokens to the model's known maximum", () => {
    assert.equal(chatMaxOutputTokens(32_000, "gpt-4o-mini"), 16_384);
    assert.equal(chatMaxOutputTokens(32_000, "gpt-4.1"), 32_000);
    assert.equal(chatMaxOutputTokens(64_000, "gpt-4.1-nano"), 32_768);
    assert.equal(chatMaxOutputTokens(64_000, "deepseek/deepseek-chat"), 8_192);
    assert.equal(chatMaxOutputTokens(200_000, "o1-mini"), 65_536);
    assert.equal(chatMaxOutputTokens(64_000, "gpt-5.2"), 64_000);
    assert.equal(chatMaxOutputTokens(64_000, "llama-3.3-70b-versatile"), 64_000);
  });
});
