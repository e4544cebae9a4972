import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readResponsesUsage } from "./read-responses-usage";
import { readResponsesStreamUsage } from "./read-stream-usage";

const usage = { input_tokens: 865, input_tokens_details: { cached_tokens: 800 }, output_tokens: 163, output_tokens_details: { reasoning_tokens: 128 }, total_tokens: 1028 };

describe("readResponsesUsage", () => {
  it("keeps OpenAI's semantics, which are the canonical ones", () => {
    assert.deepEqual(readResponsesUsage(usage), { inputTokens: 865, outputTokens: 163, cacheReadTokens: 800, cacheWriteTokens: null, reasoningTokens: 128 });
    assert.deepEqual(readResponsesUsage({ input_tokens: 3, output_tokens: 1 }), { inputTokens: 3, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null });
    assert.equal(readResponsesUsage(null), null);
  });
});

describe("readResponsesStreamUsage", () => {
  it("reads the usage of a terminal event", () => {
    const completed = JSON.stringify({ type: "response.completed", sequence_number: 9, response: { id: "resp_1", status: "completed", usage } });
    assert.equal(readResponsesStreamUsage(completed, "response.completed")?.outputTokens, 163);
    const incomplete = JSON.stringify({ type: "response.incomplete", response: { usage: { input_tokens: 5, output_tokens: 16 } } });
    assert.equal(readResponsesStreamUsage(incomplete)?.inputTokens, 5);
  });

  it("finds nothing in events without usage", () => {
    assert.equal(readResponsesStreamUsage(JSON.stringify({ type: "response.created", response: { usage: null } })), null);
    assert.equal(readResponsesStreamUsage(JSON.stringify({ type: "response.output_text.delta", delta: '"usage"' })), null);
    assert.equal(readResponsesStreamUsage("not json"), null);
  });
});
