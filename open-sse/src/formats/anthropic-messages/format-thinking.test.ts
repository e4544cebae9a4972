import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../core/canonical-request";
import { formatSampling, planThinking } from "./format-thinking";

function requestWith(changes: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("m"), ...changes };
}

describe("planThinking", () => {
  it("keeps Claude Code's budget of max_tokens − 1", () => {
    const plan = planThinking(requestWith({ maxOutputTokens: 32000, reasoning: { mode: "enabled", budgetTokens: 31999 } }), "claude-sonnet-4-5", true);
    assert.deepEqual(plan, { maxTokens: 32000, thinking: { type: "enabled", budget_tokens: 31999 }, isThinking: true });
  });

  it("clamps max_tokens to the model and the budget below it", () => {
    const plan = planThinking(requestWith({ maxOutputTokens: 100_000, reasoning: { budgetTokens: 90_000 } }), "claude-opus-4-1", true);
    assert.deepEqual(plan, { maxTokens: 32_000, thinking: { type: "enabled", budget_tokens: 31_999 }, isThinking: true });
  });

  it("turns an effort-only request (OpenAI client) into a budget, with room left by the default max_tokens", () => {
    const plan = planThinking(requestWith({ reasoning: { effort: "high" } }), "claude-sonnet-4-5", true);
    assert.deepEqual(plan, { maxTokens: 24_576 + 4_096, thinking: { type: "enabled", budget_tokens: 24_576 }, isThinking: true });
  });

  it("raises a small budget to Anthropic's minimum of 1024", () => {
    const plan = planThinking(requestWith({ maxOutputTokens: 4000, reasoning: { budgetTokens: 100 } }), "claude-sonnet-4-5", true);
    assert.deepEqual(plan.thinking, { type: "enabled", budget_tokens: 1024 });
  });

  it("leaves thinking off when max_tokens has no room for the minimum budget", () => {
    assert.deepEqual(planThinking(requestWith({ maxOutputTokens: 1000, reasoning: { effort: "low" } }), "claude-sonnet-4-5", true), { maxTokens: 1000, isThinking: false });
  });

  it("sends adaptive thinking with its effort in output_config", () => {
    const plan = planThinking(requestWith({ maxOutputTokens: 64000, reasoning: { mode: "adaptive", effort: "xhigh" } }), "claude-opus-4-8", true);
    assert.deepEqual(plan, { maxTokens: 64000, thinking: { type: "adaptive" }, effort: "xhigh", isThinking: true });
  });

  it("sends disabled for thinking turned off or effort none", () => {
    assert.deepEqual(planThinking(requestWith({ maxOutputTokens: 10, reasoning: { mode: "disabled" } }), "m", true).thinking, { type: "disabled" });
    assert.deepEqual(planThinking(requestWith({ maxOutputTokens: 10, reasoning: { effort: "none" } }), "m", true).thinking, { type: "disabled" });
  });

  it("sends no thinking when it cannot think (forced tool, foreign tool loop) or was not asked", () => {
    assert.deepEqual(planThinking(requestWith({ maxOutputTokens: 8000, reasoning: { budgetTokens: 4000 } }), "m", false), { maxTokens: 8000, isThinking: false });
    assert.deepEqual(planThinking(requestWith({}), "claude-sonnet-4-5", true), { maxTokens: 16_384, isThinking: false });
  });

  it("turns includeThoughts into the display setting, and enabled without a number into a medium budget", () => {
    const plan = planThinking(requestWith({ maxOutputTokens: 30000, reasoning: { mode: "enabled", includeThoughts: false } }), "m", true);
    assert.deepEqual(plan.thinking, { type: "enabled", budget_tokens: 12_288, display: "omitted" });
  });
});

describe("formatSampling", () => {
  it("passes sampling settings through without thinking, temperature clamped to [0, 1]", () => {
    assert.deepEqual(formatSampling(requestWith({ temperature: 1.5, topK: 10, stopSequences: ["END", " "] }), false), {
      temperature: 1,
      top_k: 10,
      stop_sequences: ["END"],
    });
    assert.deepEqual(formatSampling(requestWith({ topP: 0.5 }), false), { top_p: 0.5 });
  });

  it("sends temperature alone when both are set: current Claude models refuse the pair (Gemini CLI sends both)", () => {
    assert.deepEqual(formatSampling(requestWith({ temperature: 1, topP: 0.95, topK: 64 }), false), { temperature: 1, top_k: 64 });
  });

  it("drops what Anthropic refuses with thinking on", () => {
    assert.deepEqual(formatSampling(requestWith({ temperature: 0.2, topP: 0.5, topK: 10 }), true), {});
    assert.deepEqual(formatSampling(requestWith({ topP: 0.97 }), true), { top_p: 0.97 });
    assert.deepEqual(formatSampling(requestWith({ temperature: 1 }), true), { temperature: 1 });
  });
});
