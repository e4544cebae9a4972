import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import { AnthropicStreamParser } from "./parse-stream";

function run(payloads: unknown[], ended = true): StreamEvent[] {
  const parser = new AnthropicStreamParser();
  const events = payloads.flatMap((payload) => {
    const data = typeof payload === "string" ? payload : JSON.stringify(payload);
    const type = typeof payload === "object" && payload !== null ? (payload as { type?: string }).type : undefined;
    return parser.push(data, type);
  });
  return ended ? [...events, ...parser.end()] : events;
}

const messageStart = {
  type: "message_start",
  message: { id: "msg_up", model: "claude-sonnet-4-5", content: [], usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 1 } },
};

describe("AnthropicStreamParser", () => {
  it("reads thinking with its signature, then text, then the finish and usage", () => {
    const events = run([
      messageStart,
      { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
      { type: "ping" },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me see." } },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqSig" } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Hi" } },
      { type: "content_block_stop", index: 1 },
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 42 } },
      { type: "message_stop" },
    ]);
    assert.deepEqual(events, [
      { type: "message-start", id: "msg_up", model: "claude-sonnet-4-5" },
      { type: "usage", usage: { inputTokens: 115, outputTokens: 1, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: null } },
      { type: "reasoning-delta", text: "Let me see." },
      { type: "reasoning-signature", signature: { format: "anthropic-messages", value: "EqSig" } },
      { type: "text-delta", text: "Hi" },
      { type: "usage", usage: { inputTokens: 115, outputTokens: 42, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: null } },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("numbers tool calls 0, 1, … whatever Anthropic's block index, and ends each at its block stop", () => {
    const events = run([
      messageStart,
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Checking." } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_a", name: "weather", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"city":' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"Oslo"}' } },
      { type: "content_block_stop", index: 1 },
      { type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "toolu_b", name: "time", input: {} } },
      { type: "content_block_stop", index: 2 },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 60 } },
      { type: "message_stop" },
    ]);
    const interesting = events.filter((event) => event.type.startsWith("tool-call") || event.type === "finish");
    assert.deepEqual(interesting, [
      { type: "tool-call-start", index: 0, id: "toolu_a", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"Oslo"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "toolu_b", name: "time" },
      { type: "tool-call-end", index: 1 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("reads redacted thinking, the stop sequence, and skips server-tool blocks", () => {
    const events = run([
      messageStart,
      { type: "content_block_start", index: 0, content_block: { type: "redacted_thinking", data: "EmData" } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"query":"x"}' } },
      { type: "content_block_stop", index: 1 },
      { type: "content_block_start", index: 2, content_block: { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] } },
      { type: "content_block_stop", index: 2 },
      { type: "message_delta", delta: { stop_reason: "stop_sequence", stop_sequence: "END" }, usage: { output_tokens: 3 } },
      { type: "message_stop" },
    ]);
    assert.deepEqual(events.filter((event) => event.type !== "usage" && event.type !== "message-start"), [
      { type: "reasoning-redacted", signature: { format: "anthropic-messages", value: "EmData", redacted: true } },
      { type: "finish", reason: "stop-sequence", stopSequence: "END" },
    ]);
  });

  it("merges message_delta figures into what message_start said", () => {
    const events = run([messageStart, { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { input_tokens: 61, output_tokens: 9 } }, { type: "message_stop" }]);
    const usages = events.filter((event) => event.type === "usage");
    assert.deepEqual(usages.at(-1), { type: "usage", usage: { inputTokens: 166, outputTokens: 9, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: null } });
  });

  it("turns an in-band error event into a terminal error", () => {
    const events = run([messageStart, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, { type: "message_stop" }]);
    assert.deepEqual(events.at(-1), { type: "error", message: "Overloaded", code: "overloaded_error" });
    assert.equal(events.filter((event) => event.type === "error").length, 1);
    assert.equal(events.some((event) => event.type === "finish"), false);
  });

  it("reports a stream cut before message_stop, even after message_delta", () => {
    const events = run([messageStart, { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2 } }]);
    assert.deepEqual(events.at(-1), { type: "error", message: "stream ended before the response was complete" });
    assert.equal(events.some((event) => event.type === "finish"), false);
  });

  it("turns bad JSON into an error event instead of throwing", () => {
    const events = run([messageStart, '{"type":"content_block_delta",'], false);
    assert.equal(events.at(-1)?.type, "error");
  });

  it("closes tool blocks an upstream never stopped before the finish", () => {
    const events = run([
      { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "t", name: "f", input: { whole: true } } },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 1 } },
      { type: "message_stop" },
    ]);
    assert.deepEqual(events.filter((event) => event.type !== "usage"), [
      { type: "message-start" },
      { type: "tool-call-start", index: 0, id: "t", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"whole":true}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });
});
