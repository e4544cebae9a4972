import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatThinkingConfig, geminiThinkingLevel } from "./format-thinking-config";

describe("formatThinkingConfig", () => {
  it("says nothing when the client said nothing", () => {
    assert.equal(formatThinkingConfig(undefined, "gemini-2.5-pro"), undefined);
  });

  it("gives Gemini 3 a level from the effort or the budget", () => {
    assert.deepEqual(formatThinkingConfig({ effort: "low" }, "gemini-3-flash-preview"), { thinkingLevel: "LOW", includeThoughts: true });
    assert.deepEqual(formatThinkingConfig({ mode: "enabled", budgetTokens: 30_000 }, "gemini-3.1-pro-preview"), {
      thinkingLevel: "HIGH",
      includeThoughts: true,
    });
    assert.deepEqual(formatThinkingConfig({ mode: "enabled" }, "gemini-3.1-pro-preview"), { includeThoughts: true });
    assert.deepEqual(formatThinkingConfig({ mode: "disabled" }, "gemini-3-flash-preview"), { thinkingLevel: "MINIMAL" });
  });

  it("gives Gemini 2.5 a budget clamped to the model", () => {
    assert.deepEqual(formatThinkingConfig({ mode: "enabled", budgetTokens: 100_000 }, "gemini-2.5-flash"), {
      thinkingBudget: 24_576,
      includeThoughts: true,
    });
    assert.deepEqual(formatThinkingConfig({ effort: "medium" }, "gemini-2.5-pro"), { thinkingBudget: 12_288, includeThoughts: true });
    assert.deepEqual(formatThinkingConfig({ mode: "enabled", budgetTokens: 50 }, "gemini-2.5-pro"), { thinkingBudget: 128, includeThoughts: true });
  });

  it("turns thinking off where the model allows, else uses the smallest budget", () => {
    assert.deepEqual(formatThinkingConfig({ mode: "disabled" }, "gemini-2.5-flash"), { thinkingBudget: 0 });
    assert.deepEqual(formatThinkingConfig({ mode: "disabled" }, "gemini/gemini-2.5-pro"), { thinkingBudget: 128 });
  });

  it("asks for dynamic thinking when on without a number", () => {
    assert.deepEqual(formatThinkingConfig({ mode: "adaptive" }, "gemini-2.5-flash-lite"), { thinkingBudget: -1, includeThoughts: true });
  });

  it("keeps the client's includeThoughts choice", () => {
    assert.deepEqual(formatThinkingConfig({ includeThoughts: true }, "fx-unknown"), { includeThoughts: true });
    assert.deepEqual(formatThinkingConfig({ effort: "high", includeThoughts: false }, "gemini-2.5-flash"), {
      thinkingBudget: 24_576,
      includeThoughts: false,
    });
  });
});

describe("geminiThinkingLevel", () => {
  it("respects what each Gemini 3 model accepts", () => {
    assert.equal(geminiThinkingLevel("gemini-3-flash-preview", "minimal"), "MINIMAL");
    assert.equal(geminiThinkingLevel("gemini-3.1-pro-preview", "minimal"), "LOW");
    assert.equal(geminiThinkingLevel("gemini-3.1-pro-preview", "none"), "LOW");
    assert.equal(geminiThinkingLevel("gemini-3.1-pro-preview", "medium"), "MEDIUM");
    assert.equal(geminiThinkingLevel("gemini-3-pro-preview", "medium"), "HIGH");
    assert.equal(geminiThinkingLevel("gemini-3-flash-preview", "xhigh"), "HIGH");
  });
});
