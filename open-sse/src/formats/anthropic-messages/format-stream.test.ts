import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { checkAnthropicStream, readSseText } from "./check-anthropic-stream";
import { AnthropicStreamFormatter } from "./format-stream";
import { sdkFinalMessage } from "./sdk-final-message";

const context: ResponseContext = { model: "openai/gpt-5", requestId: "req1", createdAt: 0, includeUsage: false };
const usage = { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 0, reasoningTokens: null };

function format(events: StreamEvent[]): string {
  const formatter = new AnthropicStreamFormatter(context);
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

function payloads(text: string): Array<Record<string, unknown>> {
  return readSseText(text).map((message) => JSON.parse(message.data) as Record<string, unknown>);
}

describe("AnthropicStreamFormatter", () => {
  it("writes the exact wire bytes of a text answer", () => {
    const text = format([
      { type: "message-start", id: "chatcmpl-1" },
      { type: "text-delta", text: "Hi" },
      { type: "usage", usage },
      { type: "finish", reason: "stop" },
    ]);
    assert.equal(
      text,
      [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_req1","type":"message","role":"assistant","model":"openai/gpt-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":null,"cache_read_input_tokens":null}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":30,"input_tokens":20,"cache_read_input_tokens":100,"cache_creation_input_tokens":0}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ].join(""),
    );
  });

  it("puts usage reported right after message-start into message_start", async () => {
    const text = format([{ type: "message-start" }, { type: "usage", usage }, { type: "text-delta", text: "x" }, { type: "finish", reason: "stop" }]);
    const start = payloads(text)[0] as { message: { usage: Record<string, unknown> } };
    assert.deepEqual(start.message.usage, { input_tokens: 20, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 });
    assert.deepEqual((await sdkFinalMessage(text)).usage.input_tokens, 20);
  });

  it("opens a new block when the kind changes and signs every thinking block", async () => {
    const text = format([
      { type: "message-start" },
      { type: "reasoning-delta", text: "plan A" },
      { type: "reasoning-signature", signature: { format: "openai-responses", value: "gAAA" } },
      { type: "reasoning-delta", text: "plan B" },
      { type: "text-delta", text: "Answer" },
      { type: "reasoning-redacted", signature: { format: "anthropic-messages", value: "EmData" } },
      { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Oslo"}' },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage },
      { type: "finish", reason: "stop" },
    ]);
    assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
    const message = await sdkFinalMessage(text);
    assert.deepEqual(message.content, [
      { type: "thinking", thinking: "plan A", signature: "omr1.openai-responses.gAAA" },
      { type: "thinking", thinking: "plan B", signature: "omr1.none." },
      { type: "text", text: "Answer" },
      { type: "redacted_thinking", data: "EmData" },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Oslo" } },
    ]);
    assert.equal(message.stop_reason, "tool_use");
  });

  it("writes interleaved parallel tool calls as valid sequential blocks", async () => {
    const text = format([
      { type: "message-start" },
      { type: "tool-call-start", index: 0, id: "call_a", name: "weather" },
      { type: "tool-call-start", index: 1, id: "call_b", name: "time" },
      { type: "tool-call-start", index: 2, id: "call_c", name: "news" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"zone":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"topic":"ai"}' },
      { type: "tool-call-end", index: 2 },
      { type: "tool-call-delta", index: 1, argumentsDelta: '"UTC"}' },
      { type: "tool-call-end", index: 1 },
      { type: "text-delta", text: "Working on it." },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"Oslo"}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
    assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
    const message = await sdkFinalMessage(text);
    assert.deepEqual(message.content, [
      { type: "tool_use", id: "call_a", name: "weather", input: { city: "Oslo" } },
      { type: "tool_use", id: "call_b", name: "time", input: { zone: "UTC" } },
      { type: "tool_use", id: "call_c", name: "news", input: { topic: "ai" } },
      { type: "text", text: "Working on it." },
    ]);
  });

  it("closes calls that never ended at the finish, in order", async () => {
    const text = format([
      { type: "message-start" },
      { type: "tool-call-start", index: 0, id: "", name: "a" },
      { type: "tool-call-start", index: 1, id: "call_b", name: "b" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "finish", reason: "tool-calls" },
    ]);
    assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
    const message = await sdkFinalMessage(text);
    assert.deepEqual(message.content.map((block) => (block.type === "tool_use" ? block.id : block.type)), ["toolu_req1_0", "call_b"]);
  });

  it("keeps a late usage (after finish) for message_delta", () => {
    const text = format([{ type: "message-start" }, { type: "text-delta", text: "x" }, { type: "finish", reason: "length" }, { type: "usage", usage }]);
    const delta = payloads(text).find((payload) => payload.type === "message_delta");
    assert.deepEqual(delta, {
      type: "message_delta",
      delta: { stop_reason: "max_tokens", stop_sequence: null },
      usage: { output_tokens: 30, input_tokens: 20, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 },
    });
  });

  it("writes the stop sequence", () => {
    const text = format([{ type: "message-start" }, { type: "text-delta", text: "x" }, { type: "finish", reason: "stop-sequence", stopSequence: "END" }]);
    const delta = payloads(text).find((payload) => payload.type === "message_delta") as { delta: unknown };
    assert.deepEqual(delta.delta, { stop_reason: "stop_sequence", stop_sequence: "END" });
  });

  it("never writes an empty text block", () => {
    const text = format([{ type: "message-start" }, { type: "text-delta", text: "" }, { type: "finish", reason: "stop" }]);
    assert.equal(payloads(text).some((payload) => payload.type === "content_block_start"), false);
    assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
  });

  it("ends with an error event and no message_stop when the upstream failed", async () => {
    const formatter = new AnthropicStreamFormatter(context);
    let text = formatter.format({ type: "message-start" }) + formatter.format({ type: "text-delta", text: "partial" });
    text += formatter.format({ type: "error", message: "Overloaded", code: "overloaded_error" });
    assert.equal(formatter.end(), "");
    assert.ok(text.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'));
    assert.equal(text.includes("message_stop"), false);
    await assert.rejects(sdkFinalMessage(text), /Overloaded/);
  });

  it("uses api_error for codes Anthropic does not know, and reports a stream that just stopped", () => {
    const formatter = new AnthropicStreamFormatter(context);
    assert.ok(formatter.format({ type: "error", message: "boom", code: "weird" }).includes('"type":"api_error"'));
    const cut = new AnthropicStreamFormatter(context);
    const text = cut.format({ type: "message-start" }) + cut.format({ type: "text-delta", text: "x" }) + cut.end();
    assert.ok(text.endsWith('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"stream ended before the response was complete"}}\n\n'));
  });
});
