import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAnthropicUsage, mergeUsageFigures, readAnthropicUsage, readUsageFigures } from "./anthropic-usage";

describe("readAnthropicUsage", () => {
  it("counts cache reads and writes into the input, and reads thinking tokens", () => {
    const usage = readAnthropicUsage({
      input_tokens: 10,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      output_tokens: 50,
      output_tokens_details: { thinking_tokens: 30 },
    });
    assert.deepEqual(usage, { inputTokens: 1210, outputTokens: 50, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 30 });
  });

  it("reports unreported figures as null, never 0", () => {
    assert.deepEqual(readAnthropicUsage({ output_tokens: 7 }), { inputTokens: null, outputTokens: 7, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null });
    assert.equal(readAnthropicUsage(undefined), null);
  });
});

describe("mergeUsageFigures", () => {
  it("keeps earlier figures a later event does not repeat", () => {
    const start = readUsageFigures({ input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 });
    const delta = readUsageFigures({ output_tokens: 40 });
    assert.ok(start !== null && delta !== null);
    assert.deepEqual(mergeUsageFigures(start, delta), { input: 10, output: 40, cacheRead: 90, cacheWrite: null, thinking: null });
  });
});

describe("formatAnthropicUsage", () => {
  it("takes the cached part out of input_tokens again", () => {
    assert.deepEqual(formatAnthropicUsage({ inputTokens: 1210, outputTokens: 50, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 30 }), {
      input_tokens: 10,
      output_tokens: 50,
      cache_creation_input_tokens: 200,
      cache_read_input_tokens: 1000,
    });
  });

  it("never goes below 0 and writes unknown counts as 0 (required) or null (cache)", () => {
    assert.deepEqual(formatAnthropicUsage({ inputTokens: 5, outputTokens: null, cacheReadTokens: 9, cacheWriteTokens: null, reasoningTokens: null }), {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: 9,
    });
  });
});
