// node --import tsx --test tester/conformance/compare-outcome.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { compareOutcome, finishInClientVocabulary } from "./compare-outcome";
import type { ObservedAnswer } from "./client-outcome";
import type { ExpectedAnswer } from "./expected-outcome";

const expected: ExpectedAnswer = {
  kind: "answer",
  text: "Hi",
  hasReasoning: true,
  toolCalls: [{ name: "f", arguments: { a: 1 } }],
  finish: "tool-calls",
  usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 4, cacheWriteTokens: null, reasoningTokens: 2 },
};

function observed(overrides: Partial<ObservedAnswer>): ObservedAnswer {
  return { kind: "answer", text: "Hi", reasoningText: "r", toolCalls: [{ name: "f", arguments: { a: 1 } }], finish: "tool_use", usage: { ...expected.usage, cacheWriteTokens: 0 }, rawUsage: null, ...overrides };
}

describe("compareOutcome", () => {
  it("passes a faithful Anthropic answer (a missing cache-write count equals 0)", () => {
    assert.deepEqual(compareOutcome("anthropic", expected, observed({})), []);
  });

  it("names each field that differs", () => {
    const mismatches = compareOutcome("anthropic", expected, observed({ text: "Ho", reasoningText: "", finish: "end_turn", usage: { ...expected.usage, inputTokens: 6 } }));
    assert.deepEqual(mismatches.map((mismatch) => mismatch.field), ["text", "reasoning", "finish", "usage.inputTokens"]);
  });

  it("does not compare reasoning text for OpenAI chat, nor cache writes outside Anthropic", () => {
    const chat = observed({ reasoningText: "", finish: "tool_calls", usage: { ...expected.usage, cacheWriteTokens: 99 } });
    assert.deepEqual(compareOutcome("openai-chat", expected, chat), []);
  });

  it("compares only Ollama's two counts, and its stop/length vocabulary", () => {
    const ollama = observed({ finish: "stop", usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } });
    assert.deepEqual(compareOutcome("ollama", expected, ollama), []);
    assert.deepEqual(compareOutcome("ollama", expected, { ...ollama, usage: { ...ollama.usage, outputTokens: 4 } }).map((mismatch) => mismatch.field), ["usage.outputTokens"]);
  });

  it("compares tool arguments as values", () => {
    const mismatches = compareOutcome("gemini", expected, observed({ finish: "STOP", toolCalls: [{ name: "f", arguments: { a: "1" } }] }));
    assert.deepEqual(mismatches.map((mismatch) => mismatch.field), ["tool-calls"]);
  });

  it("requires an error for an error recording, with its status when the client saw one", () => {
    const error = { kind: "error" as const, status: 429, reason: "quota" };
    assert.deepEqual(compareOutcome("gemini", error, { kind: "error", status: 429, message: "" }), []);
    assert.deepEqual(compareOutcome("gemini", error, { kind: "error", status: null, message: "in stream" }), []);
    assert.equal(compareOutcome("gemini", error, { kind: "error", status: 500, message: "" })[0]?.field, "status");
    assert.equal(compareOutcome("gemini", error, observed({}))[0]?.field, "outcome");
  });

  it("maps finish reasons into each client's vocabulary", () => {
    assert.deepEqual(
      (["openai-chat", "openai-responses", "anthropic", "gemini", "ollama"] as const).map((client) => finishInClientVocabulary(client, "length")),
      ["length", "incomplete:max_output_tokens", "max_tokens", "MAX_TOKENS", "length"],
    );
  });
});
