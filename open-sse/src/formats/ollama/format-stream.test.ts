import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { OllamaStreamFormatter } from "./format-stream";

const context: ResponseContext = { model: "gw/llama", requestId: "r1", createdAt: 1_700_000_000, includeUsage: false };
const createdAt = "2023-11-14T22:13:20.000Z";

function lines(events: readonly StreamEvent[]): unknown[] {
  const formatter = new OllamaStreamFormatter(context);
  const text = events.map((event) => formatter.format(event)).join("") + formatter.end();
  assert.ok(text.endsWith("\n"));
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as unknown);
}

function partial(message: Record<string, unknown>) {
  return { model: "gw/llama", created_at: createdAt, message: { role: "assistant", ...message }, done: false };
}

describe("OllamaStreamFormatter", () => {
  it("writes NDJSON deltas, whole tool calls and the final line", () => {
    assert.deepEqual(
      lines([
        { type: "message-start", id: "x" },
        { type: "reasoning-delta", text: "Hmm" },
        { type: "text-delta", text: "The" },
        { type: "text-delta", text: "" },
        { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
        { type: "tool-call-start", index: 1, id: "call_2", name: "clock" },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
        { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
        { type: "tool-call-end", index: 1 },
        { type: "tool-call-delta", index: 0, argumentsDelta: '"Tokyo"}' },
        { type: "tool-call-end", index: 0 },
        { type: "usage", usage: { ...NO_USAGE, inputTokens: 26 } },
        { type: "finish", reason: "tool-calls" },
        { type: "usage", usage: { ...NO_USAGE, outputTokens: 282 } },
      ]),
      [
        partial({ content: "", thinking: "Hmm" }),
        partial({ content: "The" }),
        partial({ content: "", tool_calls: [{ id: "call_2", function: { index: 1, name: "clock", arguments: {} } }] }),
        partial({ content: "", tool_calls: [{ id: "call_1", function: { index: 0, name: "get_weather", arguments: { city: "Tokyo" } } }] }),
        {
          model: "gw/llama",
          created_at: createdAt,
          message: { role: "assistant", content: "" },
          done: true,
          done_reason: "stop",
          total_duration: 0,
          load_duration: 0,
          prompt_eval_count: 26,
          prompt_eval_duration: 0,
          eval_count: 282,
          eval_duration: 0,
        },
      ],
    );
  });

  it("flushes calls that never ended and reports length", () => {
    const output = lines([{ type: "tool-call-start", index: 0, id: "c", name: "f" }, { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' }, { type: "finish", reason: "length" }]);
    assert.deepEqual(output[0], partial({ content: "", tool_calls: [{ id: "c", function: { index: 0, name: "f", arguments: { a: 1 } } }] }));
    assert.equal((output[1] as { done_reason: string }).done_reason, "length");
  });

  it("ends an errored stream with Ollama's error line", () => {
    assert.deepEqual(lines([{ type: "text-delta", text: "Yes" }, { type: "error", message: "model overloaded", code: "x" }, { type: "text-delta", text: "late" }]), [
      partial({ content: "Yes" }),
      { error: "model overloaded" },
    ]);
    assert.deepEqual(lines([{ type: "text-delta", text: "cut" }]).at(-1), { error: "the response ended before it was complete" });
  });
});
