import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalResponse } from "../../core/canonical-response";
import type { ResponseContext } from "../wire-codec";
import { formatAnthropicResponse } from "./format-response";

const context: ResponseContext = { model: "openai/gpt-5", requestId: "req123", createdAt: 0, includeUsage: false };

describe("formatAnthropicResponse", () => {
  it("writes an Anthropic message with our id, the client's model name and Anthropic usage", () => {
    const response: CanonicalResponse = {
      id: "chatcmpl-upstream",
      parts: [
        { type: "reasoning", text: "think", signature: { format: "openai-responses", value: "gAAAA" } },
        { type: "text", text: "" },
        { type: "text", text: "Calling." },
        { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Oslo"}' },
      ],
      finishReason: "stop",
      usage: { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: null, reasoningTokens: 10 },
    };
    assert.deepEqual(formatAnthropicResponse(response, context), {
      id: "msg_req123",
      type: "message",
      role: "assistant",
      model: "openai/gpt-5",
      content: [
        { type: "thinking", thinking: "think", signature: "omr1.openai-responses.gAAAA" },
        { type: "text", text: "Calling." },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Oslo" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 30, cache_creation_input_tokens: null, cache_read_input_tokens: 100 },
    });
  });

  it("keeps Anthropic's own signatures unwrapped, marks unsigned reasoning, and shows a refusal as text", () => {
    const response: CanonicalResponse = {
      parts: [
        { type: "reasoning", text: "a", signature: { format: "anthropic-messages", value: "EqSig" } },
        { type: "reasoning", text: "b" },
        { type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "EmData" } },
        { type: "reasoning", text: "" },
      ],
      refusal: "I can't help with that.",
      finishReason: "content-filter",
      stopSequence: undefined,
      usage: { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
    };
    const body = formatAnthropicResponse(response, context);
    assert.deepEqual(body.content, [
      { type: "thinking", thinking: "a", signature: "EqSig" },
      { type: "thinking", thinking: "b", signature: "omr1.none." },
      { type: "redacted_thinking", data: "EmData" },
      { type: "text", text: "I can't help with that." },
    ]);
    assert.equal(body.stop_reason, "refusal");
    assert.deepEqual(body.usage, { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null });
  });
});
