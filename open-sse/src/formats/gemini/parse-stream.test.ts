import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import { GeminiStreamParser } from "./parse-stream";

function run(chunks: unknown[], options: { end?: boolean } = {}): StreamEvent[] {
  const parser = new GeminiStreamParser();
  const events = chunks.flatMap((chunk) => parser.push(typeof chunk === "string" ? chunk : JSON.stringify(chunk)));
  return options.end === false ? events : [...events, ...parser.end()];
}

const usage = { promptTokenCount: 9, candidatesTokenCount: 5, thoughtsTokenCount: 20, totalTokenCount: 34 };

describe("GeminiStreamParser", () => {
  it("reads thoughts, text, the closing signature, usage and the finish", () => {
    const events = run([
      { candidates: [{ content: { role: "model", parts: [{ text: "Thinking", thought: true }] }, index: 0 }], modelVersion: "gemini-2.5-pro", responseId: "r1" },
      { candidates: [{ content: { role: "model", parts: [{ text: "Hello", thoughtSignature: "SIG" }] }, index: 0 }], usageMetadata: usage },
      { candidates: [{ content: { role: "model", parts: [{ text: " world" }] }, finishReason: "STOP", index: 0 }], usageMetadata: usage },
    ]);
    assert.deepEqual(events, [
      { type: "message-start", id: "r1", model: "gemini-2.5-pro" },
      { type: "reasoning-delta", text: "Thinking" },
      { type: "reasoning-signature", signature: { format: "gemini", value: "SIG" } },
      { type: "text-delta", text: "Hello" },
      { type: "usage", usage: { inputTokens: 9, outputTokens: 25, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 20 } },
      { type: "text-delta", text: " world" },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("emits each function call whole with its signature, derives missing ids, and finishes with tool-calls", () => {
    const events = run([
      {
        candidates: [
          {
            content: {
              role: "model",
              parts: [
                { functionCall: { name: "weather", args: { location: "SF" } }, thoughtSignature: "FC_SIG" },
                { functionCall: { id: "given", name: "time" } },
              ],
            },
            index: 0,
          },
        ],
        responseId: "b36L/acj+w",
      },
      { candidates: [{ content: { role: "model", parts: [{ text: "" }] }, finishReason: "STOP", index: 0 }] },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: "tool-call-start", index: 0, id: "call_b36L_acj_w_0", name: "weather", signature: { format: "gemini", value: "FC_SIG" } },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"location":"SF"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "given", name: "time" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 1 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("maps finish reasons and a blocked prompt", () => {
    assert.deepEqual(run([{ candidates: [{ finishReason: "MAX_TOKENS", index: 0 }] }]).at(-1), { type: "finish", reason: "length" });
    assert.deepEqual(run([{ candidates: [{ finishReason: "SAFETY", index: 0 }] }]).at(-1), { type: "finish", reason: "content-filter" });
    assert.deepEqual(run([{ promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } }]), [
      { type: "message-start" },
      { type: "usage", usage: { inputTokens: 4, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } },
      { type: "finish", reason: "content-filter" },
    ]);
  });

  it("turns an in-band error into a terminal error event", () => {
    const events = run([
      { candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] }, index: 0 }] },
      { error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } },
      { candidates: [{ content: { role: "model", parts: [{ text: "late" }] }, finishReason: "STOP", index: 0 }] },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: "text-delta", text: "Hi" },
      { type: "error", message: "The model is overloaded.", code: "UNAVAILABLE" },
    ]);
  });

  it("reports bad JSON and a stream cut before its finish, never throwing", () => {
    assert.deepEqual(run(["{not json"]), [{ type: "error", message: "Gemini sent a stream event that is not JSON.", code: "upstream_error" }]);
    const cut = run([{ candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] }, index: 0 }] }]);
    assert.deepEqual(cut.at(-1), { type: "error", message: "stream ended before the response was complete", code: "stream_interrupted" });
    assert.deepEqual(run([]), [{ type: "error", message: "stream ended before the response was complete", code: "stream_interrupted" }]);
  });

  it("takes only a late usage figure after the finish, and ignores empty events", () => {
    const events = run([
      "",
      { candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] }, finishReason: "STOP", index: 0 }] },
      { candidates: [{ content: { role: "model", parts: [{ text: "ignored" }] }, index: 0 }], usageMetadata: usage },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: "text-delta", text: "Hi" },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { inputTokens: 9, outputTokens: 25, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 20 } },
    ]);
  });

  it("shows code execution as text", () => {
    const events = run([
      {
        candidates: [
          {
            content: { role: "model", parts: [{ executableCode: { language: "PYTHON", code: "print(2+2)" } }, { codeExecutionResult: { outcome: "OUTCOME_OK", output: "4" } }] },
            finishReason: "STOP",
            index: 0,
          },
        ],
      },
    ]);
    assert.deepEqual(events.slice(1, 3), [
      { type: "text-delta", text: "\n```python\nprint(2+2)\n```\n" },
      { type: "text-delta", text: "\n```\n4\n```\n" },
    ]);
  });
});
