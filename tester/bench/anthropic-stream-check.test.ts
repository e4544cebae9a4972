// node --import tsx --test tester/bench/anthropic-stream-check.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { anthropicStreamProblem, sseEventNames } from "./anthropic-stream-check";

function frame(type: string, data: Record<string, unknown> = {}): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const VALID = [
  frame("message_start", { message: { id: "msg_1", type: "message", role: "assistant", content: [] } }),
  frame("ping"),
  frame("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  frame("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hello" } }),
  frame("content_block_stop", { index: 0 }),
  frame("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 1 } }),
  frame("message_stop"),
].join("");

describe("anthropicStreamProblem", () => {
  it("accepts a complete Anthropic text stream", () => {
    assert.equal(anthropicStreamProblem(200, VALID), null);
    assert.deepEqual(sseEventNames(VALID), [
      "message_start",
      "ping",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("reads CRLF line endings", () => {
    assert.equal(anthropicStreamProblem(200, VALID.replace(/\n/g, "\r\n")), null);
  });

  it("rejects a non-200 answer", () => {
    assert.match(anthropicStreamProblem(404, '{"error":"not found"}') ?? "", /^answered 404/);
  });

  it("rejects an OpenAI chat stream passed through", () => {
    const openAi = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n';
    assert.match(anthropicStreamProblem(200, openAi) ?? "", /no "event: message_start"/);
  });

  it("rejects a stream cut before message_stop", () => {
    const cut = VALID.slice(0, VALID.indexOf("event: message_stop"));
    assert.match(anthropicStreamProblem(200, cut) ?? "", /does not end with "event: message_stop" \(last event: message_delta\)/);
  });

  it("rejects a stream that carries an error after message_stop", () => {
    const trailing = `${VALID}${frame("error", { error: { type: "api_error", message: "late" } })}`;
    assert.match(anthropicStreamProblem(200, trailing) ?? "", /last event: error/);
  });

  it("rejects a stream without text", () => {
    const empty = VALID.replace(frame("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hello" } }), "");
    assert.match(anthropicStreamProblem(200, empty) ?? "", /no text_delta/);
  });
});
