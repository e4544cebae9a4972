import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { StreamEvent } from "../../../core/stream-event";
import { encodeEventStreamMessage, encodeKiroEvent, encodeKiroException } from "./event-stream-encoder";
import { KiroStreamDecoder } from "./kiro-stream-decoder";

function decode(chunks: Buffer[]): StreamEvent[] {
  const decoder = new KiroStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

const TOOL_STREAM = Buffer.concat([
  encodeKiroEvent("messageMetadataEvent", { conversationId: "conv-1", utteranceId: "utt-1" }),
  encodeKiroEvent("reasoningContentEvent", { text: "Let me look.", signature: "sig" }),
  encodeKiroEvent("assistantResponseEvent", { content: "Checking " }),
  encodeKiroEvent("assistantResponseEvent", { content: "the weather." }),
  encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_A", name: "weather" }),
  encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_A", name: "weather", input: '{"city":' }),
  encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_A", name: "weather", input: '"Paris"}' }),
  encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_A", name: "weather", stop: true }),
  encodeKiroEvent("meteringEvent", { usage: 0.21, unit: "credit" }),
  encodeKiroEvent("contextUsageEvent", { contextUsagePercentage: 1.5 }),
  encodeKiroEvent("metadataEvent", { tokenUsage: { uncachedInputTokens: 100, outputTokens: 25, totalTokens: 145, cacheReadInputTokens: 20 } }),
]);

const TOOL_STREAM_EVENTS: StreamEvent[] = [
  { type: "message-start", id: "utt-1" },
  { type: "reasoning-delta", text: "Let me look." },
  { type: "text-delta", text: "Checking " },
  { type: "text-delta", text: "the weather." },
  { type: "tool-call-start", index: 0, id: "tooluse_A", name: "weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
  { type: "tool-call-end", index: 0 },
  { type: "usage", usage: { inputTokens: 120, outputTokens: 25, cacheReadTokens: 20, cacheWriteTokens: null, reasoningTokens: null } },
  { type: "finish", reason: "tool-calls" },
];

describe("KiroStreamDecoder", () => {
  it("translates text, reasoning, a streamed tool call and usage", () => {
    assert.deepEqual(decode([TOOL_STREAM]), TOOL_STREAM_EVENTS);
  });

  it("gives the same events (joined) at every split position", () => {
    for (let split = 0; split <= TOOL_STREAM.length; split++) {
      const events = decode([TOOL_STREAM.subarray(0, split), TOOL_STREAM.subarray(split)]);
      assert.deepEqual(events, TOOL_STREAM_EVENTS, `split at ${split}`);
    }
  });

  it("numbers parallel tool calls by start order and closes one left open at the end", () => {
    const events = decode([
      encodeKiroEvent("toolUseEvent", { toolUseId: "b", name: "second", input: "{}" }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "a", name: "first", input: "{}", stop: true }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "a", name: "first", stop: true }),
    ]);
    assert.deepEqual(events, [
      { type: "message-start" },
      { type: "tool-call-start", index: 0, id: "b", name: "second" },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-start", index: 1, id: "a", name: "first" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("ends with stop after plain text and ignores events it has nothing for", () => {
    const events = decode([
      encodeKiroEvent("assistantResponseEvent", { content: "Hi", modelId: "claude-sonnet-4.5" }),
      encodeKiroEvent("assistantResponseEvent", { content: "" }),
      encodeKiroEvent("followupPromptEvent", { followupPrompt: { content: "more?" } }),
      encodeKiroEvent("somethingNewEvent", { anything: 1 }),
    ]);
    assert.deepEqual(events, [{ type: "message-start" }, { type: "text-delta", text: "Hi" }, { type: "finish", reason: "stop" }]);
  });

  it("turns a corrupted CRC into one error event and ignores what follows", () => {
    const good = encodeKiroEvent("assistantResponseEvent", { content: "Hi" });
    const bad = encodeKiroEvent("assistantResponseEvent", { content: "there" });
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
    const decoder = new KiroStreamDecoder();
    const events = [...decoder.push(Buffer.concat([good, bad])), ...decoder.push(good), ...decoder.end()];
    assert.deepEqual(events, [
      { type: "message-start" },
      { type: "text-delta", text: "Hi" },
      { type: "error", message: "event-stream message checksum mismatch", code: "invalid_event_stream" },
    ]);
  });

  it("reports a stream cut inside a frame, and an empty body, as truncated", () => {
    const frame = encodeKiroEvent("assistantResponseEvent", { content: "Hi" });
    assert.deepEqual(decode([frame.subarray(0, frame.length - 3)]), [
      { type: "error", message: "stream ended before the response was complete", code: "stream_truncated" },
    ]);
    assert.deepEqual(decode([]), [{ type: "error", message: "stream ended before the response was complete", code: "stream_truncated" }]);
  });

  it("turns exception frames, error frames, invalid-state events and bad JSON into errors", () => {
    assert.deepEqual(decode([encodeKiroEvent("assistantResponseEvent", { content: "a" }), encodeKiroException("throttlingException", "Too many requests")]).at(-1), {
      type: "error",
      message: "throttlingException: Too many requests",
      code: "throttlingException",
    });
    const errorFrame = encodeEventStreamMessage({ ":message-type": "error", ":error-code": "InternalFailure", ":error-message": "boom" }, Buffer.alloc(0));
    assert.deepEqual(decode([errorFrame]), [{ type: "error", message: "InternalFailure: boom", code: "InternalFailure" }]);
    assert.deepEqual(decode([encodeKiroEvent("invalidStateEvent", { reason: "INVALID_TASK_ASSIST_PLAN", message: "bad plan" })]).at(-1), {
      type: "error",
      message: "invalid state (INVALID_TASK_ASSIST_PLAN): bad plan",
      code: "invalid_state",
    });
    const notJson = encodeEventStreamMessage({ ":message-type": "event", ":event-type": "assistantResponseEvent" }, Buffer.from("{oops"));
    assert.deepEqual(decode([notJson]), [{ type: "error", message: "assistantResponseEvent carried a payload that is not a JSON object", code: "invalid_event_payload" }]);
  });
});
