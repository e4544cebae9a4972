import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseAnthropicResponse } from "./parse-response";

describe("parseAnthropicResponse", () => {
  it("reads thinking, text and tool calls in order, with usage including the cache", () => {
    const response = parseAnthropicResponse({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [
        { type: "thinking", thinking: "plan", signature: "EqSig" },
        { type: "redacted_thinking", data: "EmData" },
        { type: "text", text: "Checking." },
        { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "q" } },
        { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Oslo" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 12, cache_read_input_tokens: 100, cache_creation_input_tokens: 0, output_tokens: 40 },
    });
    assert.deepEqual(response, {
      id: "msg_1",
      model: "claude-sonnet-4-5-20250929",
      parts: [
        { type: "reasoning", text: "plan", signature: { format: "anthropic-messages", value: "EqSig" } },
        { type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "EmData", redacted: true } },
        { type: "text", text: "Checking." },
        { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: '{"city":"Oslo"}' },
      ],
      finishReason: "tool-calls",
      usage: { inputTokens: 112, outputTokens: 40, cacheReadTokens: 100, cacheWriteTokens: 0, reasoningTokens: null },
    });
  });

  it("reads the stop sequence that matched", () => {
    const response = parseAnthropicResponse({ content: [{ type: "text", text: "a" }], stop_reason: "stop_sequence", stop_sequence: "END", usage: { input_tokens: 1, output_tokens: 1 } });
    assert.equal(response.finishReason, "stop-sequence");
    assert.equal(response.stopSequence, "END");
  });

  it("rejects a body that is not a message", () => {
    assert.throws(() => parseAnthropicResponse({ type: "error", error: { type: "api_error", message: "x" } }), (error: unknown) => GatewayError.isInstance(error) && error.status === 502);
    assert.throws(() => parseAnthropicResponse("nope"), (error: unknown) => GatewayError.isInstance(error));
  });
});
