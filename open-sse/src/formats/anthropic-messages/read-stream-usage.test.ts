import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readAnthropicStreamUsage } from "./read-stream-usage";

describe("readAnthropicStreamUsage", () => {
  it("reads message_start usage from message.usage", () => {
    const data = JSON.stringify({ type: "message_start", message: { id: "m", usage: { input_tokens: 12, cache_read_input_tokens: 3, cache_creation_input_tokens: 0, output_tokens: 1 } } });
    assert.deepEqual(readAnthropicStreamUsage(data, "message_start"), { inputTokens: 15, outputTokens: 1, cacheReadTokens: 3, cacheWriteTokens: 0, reasoningTokens: null });
  });

  it("reads message_delta usage, with and without repeated input figures", () => {
    assert.deepEqual(readAnthropicStreamUsage(JSON.stringify({ type: "message_delta", delta: {}, usage: { output_tokens: 30 } })), {
      inputTokens: null,
      outputTokens: 30,
      cacheReadTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: null,
    });
    const repeated = JSON.stringify({ type: "message_delta", delta: {}, usage: { input_tokens: 61, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, output_tokens: 30 } });
    assert.equal(readAnthropicStreamUsage(repeated)?.inputTokens, 61);
  });

  it("is null for other events and for bad JSON", () => {
    assert.equal(readAnthropicStreamUsage('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"usage"}}'), null);
    assert.equal(readAnthropicStreamUsage('{"type":"message_delta","usage":'), null);
  });
});
