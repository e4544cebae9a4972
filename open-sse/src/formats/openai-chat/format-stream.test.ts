import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { ChatStreamFormatter } from "./format-stream";

const context: ResponseContext = { model: "cc/claude-sonnet-4-5", requestId: "r1", createdAt: 1_700_000_000, includeUsage: true };

function write(events: readonly StreamEvent[], options: Partial<ResponseContext> = {}): string {
  const formatter = new ChatStreamFormatter({ ...context, ...options });
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

/** The SSE data payloads, parsed (`[DONE]` kept as a string). */
function payloads(text: string): unknown[] {
  assert.ok(text.endsWith("\n\n"), "events end with a blank line");
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      assert.ok(event.startsWith("data: "), event);
      const data = event.slice("data: ".length);
      return data === "[DONE]" ? data : (JSON.parse(data) as unknown);
    });
}

function chunkOf(delta: Record<string, unknown>, finishReason: string | null = null) {
  return { id: "chatcmpl-r1", object: "chat.completion.chunk", created: 1_700_000_000, model: "cc/claude-sonnet-4-5", choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
}

describe("ChatStreamFormatter", () => {
  it("writes text, reasoning, tool calls, finish, usage and [DONE]", () => {
    const text = write([
      { type: "message-start", id: "msg_1", model: "claude" },
      { type: "reasoning-delta", text: "Think" },
      { type: "reasoning-signature", signature: { format: "anthropic-messages", value: "sig" } },
      { type: "text-delta", text: "Hi" },
      { type: "tool-call-start", index: 0, id: "toolu_1", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { ...NO_USAGE, inputTokens: 10, cacheReadTokens: 4 } },
      { type: "finish", reason: "tool-calls" },
      { type: "usage", usage: { ...NO_USAGE, outputTokens: 7, reasoningTokens: 2 } },
    ]);
    assert.deepEqual(payloads(text), [
      chunkOf({ role: "assistant", content: "" }),
      chunkOf({ reasoning_content: "Think" }),
      chunkOf({ content: "Hi" }),
      chunkOf({ tool_calls: [{ index: 0, id: "toolu_1", type: "function", function: { name: "weather", arguments: "" } }] }),
      chunkOf({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunkOf({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunkOf({}, "tool_calls"),
      {
        id: "chatcmpl-r1",
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model: "cc/claude-sonnet-4-5",
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } },
      },
      "[DONE]",
    ]);
  });

  it("writes the usage chunk only when the client asked and usage was reported", () => {
    const events: StreamEvent[] = [{ type: "message-start" }, { type: "text-delta", text: "x" }, { type: "usage", usage: { ...NO_USAGE, inputTokens: 1, outputTokens: 1 } }, { type: "finish", reason: "stop" }];
    assert.deepEqual(payloads(write(events, { includeUsage: false })).slice(-2), [chunkOf({}, "stop"), "[DONE]"]);
    const unreported: StreamEvent[] = [{ type: "message-start" }, { type: "finish", reason: "length" }];
    assert.deepEqual(payloads(write(unreported)), [chunkOf({ role: "assistant", content: "" }), chunkOf({}, "length"), "[DONE]"]);
  });

  it("opens with the role chunk even without message-start, and never writes empty deltas", () => {
    const text = write([{ type: "text-delta", text: "" }, { type: "tool-call-start", index: 1, id: "c", name: "f" }, { type: "tool-call-delta", index: 1, argumentsDelta: "" }, { type: "finish", reason: "stop" }], {
      includeUsage: false,
    });
    assert.deepEqual(payloads(text), [
      chunkOf({ role: "assistant", content: "" }),
      chunkOf({ tool_calls: [{ index: 1, id: "c", type: "function", function: { name: "f", arguments: "" } }] }),
      chunkOf({}, "stop"),
      "[DONE]",
    ]);
  });

  it("ends an errored stream with an OpenAI error event and no [DONE]", () => {
    const text = write([{ type: "message-start" }, { type: "text-delta", text: "part" }, { type: "error", message: "Overloaded", code: "overloaded_error" }, { type: "text-delta", text: "ignored" }]);
    assert.deepEqual(payloads(text), [
      chunkOf({ role: "assistant", content: "" }),
      chunkOf({ content: "part" }),
      { error: { message: "Overloaded", type: "api_error", param: null, code: "overloaded_error" } },
    ]);
  });

  it("reports a stream that ended without a finish as an error", () => {
    assert.deepEqual(payloads(write([{ type: "message-start" }])).at(-1), {
      error: { message: "The response ended before it was complete.", type: "api_error", param: null, code: "stream_interrupted" },
    });
  });

  it("writes one finish only and nothing after end()", () => {
    const formatter = new ChatStreamFormatter(context);
    formatter.format({ type: "finish", reason: "stop" });
    assert.equal(formatter.format({ type: "finish", reason: "length" }), "");
    assert.equal(formatter.end(), "data: [DONE]\n\n");
    assert.equal(formatter.end(), "");
    assert.equal(formatter.format({ type: "text-delta", text: "late" }), "");
  });
});
