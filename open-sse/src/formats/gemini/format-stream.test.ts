import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { GeminiStreamFormatter } from "./format-stream";

const context: ResponseContext = { model: "openai/gpt-5", requestId: "req-9", createdAt: 0, includeUsage: true };

function write(events: StreamEvent[]): string {
  const formatter = new GeminiStreamFormatter(context);
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

function dataOf(text: string): unknown[] {
  assert.ok(text.endsWith("\r\n\r\n"), "events end in CRLF CRLF");
  return text
    .split("\r\n\r\n")
    .filter((event) => event !== "")
    .map((event) => {
      assert.ok(event.startsWith("data: "), event);
      return JSON.parse(event.slice("data: ".length));
    });
}

describe("GeminiStreamFormatter", () => {
  it("streams thoughts and text as they come, then the finish with usage", () => {
    const output = write([
      { type: "message-start", id: "chatcmpl-1", model: "gpt-5" },
      { type: "reasoning-delta", text: "Hmm" },
      { type: "reasoning-signature", signature: { format: "openai-responses", value: "enc" } },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "usage", usage: { inputTokens: 9, outputTokens: 30, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 25 } },
      { type: "finish", reason: "stop" },
    ]);
    const base = { modelVersion: "openai/gpt-5", responseId: "chatcmpl-1" };
    assert.deepEqual(dataOf(output), [
      { candidates: [{ content: { role: "model", parts: [{ text: "Hmm", thought: true }] }, index: 0 }], ...base },
      { candidates: [{ content: { role: "model", parts: [{ text: "Hel", thoughtSignature: "omr1.openai-responses.enc" }] }, index: 0 }], ...base },
      { candidates: [{ content: { role: "model", parts: [{ text: "lo" }] }, index: 0 }], ...base },
      {
        candidates: [{ finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 5, thoughtsTokenCount: 25, totalTokenCount: 39 },
        ...base,
      },
    ]);
  });

  it("emits each function call whole at its end, args as an object, interleaved calls in end order", () => {
    const output = write([
      { type: "message-start" },
      { type: "tool-call-start", index: 0, id: "call_1", name: "read", signature: { format: "gemini", value: "SIG" } },
      { type: "tool-call-start", index: 1, id: "call_2", name: "list" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"pa' },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-delta", index: 0, argumentsDelta: 'th":"a"}' },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
    const events = dataOf(output) as Array<{ candidates: Array<{ content?: { parts: unknown[] }; finishReason?: string }>; responseId: string }>;
    assert.deepEqual(
      events.map((event) => event.candidates[0]?.content?.parts ?? event.candidates[0]?.finishReason),
      [[{ functionCall: { id: "call_2", name: "list", args: {} } }], [{ functionCall: { id: "call_1", name: "read", args: { path: "a" } }, thoughtSignature: "SIG" }], "STOP"],
    );
    assert.equal(events[0]?.responseId, "req-9");
  });

  it("puts a trailing signature on an empty thought part in the final event", () => {
    const events = dataOf(
      write([
        { type: "message-start" },
        { type: "text-delta", text: "Hi" },
        { type: "reasoning-signature", signature: { format: "gemini", value: "TAIL" } },
        { type: "finish", reason: "stop" },
      ]),
    ) as Array<{ candidates: unknown[] }>;
    assert.deepEqual(events[1]?.candidates, [{ content: { role: "model", parts: [{ text: "", thought: true, thoughtSignature: "TAIL" }] }, finishReason: "STOP", index: 0 }]);
  });

  it("ends with Google's error event after an error, or when the finish never came", () => {
    const failed = write([
      { type: "message-start" },
      { type: "text-delta", text: "Hi" },
      { type: "error", message: "Overloaded", code: "overloaded_error" },
    ]);
    assert.ok(failed.endsWith('data: {"error":{"code":503,"message":"Overloaded","status":"UNAVAILABLE"}}\r\n\r\n'));
    const cut = write([{ type: "message-start" }, { type: "text-delta", text: "Hi" }]);
    assert.match(cut, /"error":\{"code":503,"message":"stream ended before the response was complete","status":"UNAVAILABLE"\}/);
  });

  it("holds redacted thinking as a signature in the redacted envelope, placed on the next part", () => {
    const formatter = new GeminiStreamFormatter(context);
    assert.equal(formatter.format({ type: "reasoning-redacted", signature: { format: "anthropic-messages", value: "d" } }), "");
    assert.match(formatter.format({ type: "text-delta", text: "hi" }), /"text":"hi","thoughtSignature":"omr1r\.anthropic-messages\.d"/);
  });

  it("writes nothing for events with no Gemini counterpart", () => {
    const formatter = new GeminiStreamFormatter(context);
    assert.equal(formatter.format({ type: "message-start", id: "x" }), "");
    assert.equal(formatter.format({ type: "usage", usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } }), "");
    assert.equal(formatter.format({ type: "reasoning-signature", signature: { format: "gemini", value: "S" } }), "");
  });
});
