import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StreamAggregator } from "../../core/stream-aggregator";
import { readResponsesSse, responsesStreamProblems } from "./check-responses-stream";
import { openAiResponsesCodec as codec } from "./openai-responses-codec";

describe("openAiResponsesCodec", () => {
  it("declares the Responses wire format", () => {
    assert.equal(codec.format, "openai-responses");
    assert.equal(codec.upstream, true);
    assert.equal(codec.usageMarker, '"usage"');
    assert.equal(codec.streamContentType, "text/event-stream; charset=utf-8");
  });

  it("round-trips a streamed answer: client stream → parser → canonical, the same as the formatter's response", () => {
    const request = codec.parseRequest({ model: "omni/gpt", input: "hi", stream: true }, {});
    const context = { model: "omni/gpt", requestId: "abc", createdAt: 5, includeUsage: false, request };
    const formatter = codec.createStreamFormatter(context);
    let sse = "";
    for (const event of [
      { type: "message-start" as const },
      { type: "reasoning-delta" as const, text: "hmm" },
      { type: "reasoning-signature" as const, signature: { format: "openai-responses" as const, value: "gAAA" } },
      { type: "text-delta" as const, text: "Hello" },
      { type: "tool-call-start" as const, index: 0, id: "call_1", name: "read" },
      { type: "tool-call-delta" as const, index: 0, argumentsDelta: '{"a":1}' },
      { type: "tool-call-end" as const, index: 0 },
      { type: "usage" as const, usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: null, reasoningTokens: 1 } },
      { type: "finish" as const, reason: "tool-calls" as const },
    ]) {
      sse += formatter.format(event);
    }
    sse += formatter.end();
    const events = readResponsesSse(sse);
    assert.deepEqual(responsesStreamProblems(events), []);

    // Our own stream, read back by our own upstream parser, gives the same answer as the formatter meant.
    const parser = codec.createStreamParser();
    const aggregator = new StreamAggregator();
    for (const event of events) for (const parsed of parser.push(JSON.stringify(event.data), event.event)) aggregator.add(parsed);
    for (const parsed of parser.end()) aggregator.add(parsed);
    const streamed = aggregator.toResponse();
    assert.deepEqual(streamed.parts, [
      { type: "reasoning", text: "hmm", signature: { format: "openai-responses", value: "gAAA" } },
      { type: "text", text: "Hello" },
      { type: "tool-call", id: "call_1", name: "read", arguments: '{"a":1}' },
    ]);
    assert.equal(streamed.finishReason, "tool-calls");
    assert.equal(streamed.id, "resp_abc");

    // And the JSON twin of the same answer parses to the same parts (the reasoning keeps its item id there).
    const json = codec.formatResponse(streamed, context);
    const parsed = codec.parseResponse(JSON.parse(JSON.stringify(json)));
    assert.deepEqual(parsed.parts, [{ ...streamed.parts[0], itemId: "rs_abc_0" }, ...streamed.parts.slice(1)]);
    assert.deepEqual(parsed.usage, streamed.usage);
    assert.equal(codec.readStreamUsage(JSON.stringify(events.at(-1)?.data), "response.completed")?.outputTokens, 4);
  });
});
