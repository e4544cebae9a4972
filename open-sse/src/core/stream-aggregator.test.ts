import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../accounting/token-usage";
import type { CanonicalResponse } from "./canonical-response";
import { mergeUsage, responseToEvents, StreamAggregator } from "./stream-aggregator";
import type { StreamEvent } from "./stream-event";

const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, cacheWriteTokens: null, reasoningTokens: 1 };

describe("StreamAggregator", () => {
  it("folds deltas into parts in order, interleaved parallel tool calls included", () => {
    const aggregator = new StreamAggregator();
    const events: StreamEvent[] = [
      { type: "message-start", id: "up-1", model: "m" },
      { type: "reasoning-delta", text: "think " },
      { type: "reasoning-delta", text: "more" },
      { type: "reasoning-signature", signature: { format: "anthropic-messages", value: "S" } },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "tool-call-start", index: 0, id: "a", name: "f" },
      { type: "tool-call-start", index: 1, id: "b", name: "g" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"y":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"x":1}' },
      { type: "tool-call-delta", index: 1, argumentsDelta: "2}" },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: { ...NO_USAGE, inputTokens: 10 } },
      { type: "usage", usage: { ...NO_USAGE, outputTokens: 5 } },
      { type: "finish", reason: "tool-calls" },
    ];
    for (const event of events) aggregator.add(event);
    assert.equal(aggregator.finished, true);
    assert.deepEqual(aggregator.toResponse(), {
      id: "up-1",
      model: "m",
      parts: [
        { type: "reasoning", text: "think more", signature: { format: "anthropic-messages", value: "S" } },
        { type: "text", text: "Hello" },
        { type: "tool-call", id: "a", name: "f", arguments: '{"x":1}' },
        { type: "tool-call", id: "b", name: "g", arguments: '{"y":2}' },
      ],
      finishReason: "tool-calls",
      usage: { ...NO_USAGE, inputTokens: 10, outputTokens: 5 },
    });
  });

  it("reports a stream without finish as unfinished, and an error as the finish reason", () => {
    const aggregator = new StreamAggregator();
    aggregator.add({ type: "text-delta", text: "partial" });
    aggregator.add({ type: "error", message: "boom" });
    assert.equal(aggregator.finished, false);
    assert.deepEqual(aggregator.error, { message: "boom" });
    assert.equal(aggregator.toResponse().finishReason, "error");
  });

  it("gives a tool call without arguments an empty object", () => {
    const aggregator = new StreamAggregator();
    aggregator.add({ type: "tool-call-start", index: 0, id: "a", name: "ping" });
    aggregator.add({ type: "finish", reason: "tool-calls" });
    assert.equal((aggregator.toResponse().parts[0] as { arguments: string }).arguments, "{}");
  });
});

describe("responseToEvents", () => {
  it("replays a whole answer as a stream the aggregator folds back to the same answer", () => {
    const response: CanonicalResponse = {
      id: "r",
      model: "m",
      parts: [
        { type: "reasoning", text: "plan", signature: { format: "gemini", value: "G" } },
        { type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "R", redacted: true } },
        { type: "text", text: "answer" },
        { type: "tool-call", id: "c1", name: "f", arguments: '{"a":1}' },
      ],
      finishReason: "stop-sequence",
      stopSequence: "END",
      usage,
    };
    const aggregator = new StreamAggregator();
    for (const event of responseToEvents(response)) aggregator.add(event);
    assert.deepEqual(aggregator.toResponse(), response);
  });
});

describe("mergeUsage", () => {
  it("lets later figures replace earlier ones, but never with null", () => {
    assert.deepEqual(mergeUsage(usage, { ...NO_USAGE, outputTokens: 9 }), { ...usage, outputTokens: 9 });
  });
});
