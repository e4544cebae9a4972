import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import { ChatStreamParser } from "./parse-stream";

function chunk(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra });
}

function run(lines: readonly string[], parser = new ChatStreamParser()): StreamEvent[] {
  return [...lines.flatMap((line) => parser.push(line)), ...parser.end()];
}

const start: StreamEvent = { type: "message-start", id: "c1", model: "m" };

describe("ChatStreamParser", () => {
  it("reads a text stream with the usage chunk after the finish", () => {
    const events = run([
      chunk({ role: "assistant", content: "", refusal: null }),
      chunk({ content: "Hel" }),
      chunk({ content: "lo" }),
      chunk({}, "stop"),
      JSON.stringify({ id: "c1", choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } } }),
      "[DONE]",
    ]);
    assert.deepEqual(events, [
      start,
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { inputTokens: 5, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: null, reasoningTokens: null } },
    ]);
  });

  it("reads reasoning_content and reasoning deltas", () => {
    const events = run([chunk({ role: "assistant", reasoning_content: "" }), chunk({ reasoning_content: "Hmm" }), chunk({ reasoning: ", ok" }), chunk({ content: "Yes" }), chunk({}, "stop"), "[DONE]"]);
    assert.deepEqual(events, [
      start,
      { type: "reasoning-delta", text: "Hmm" },
      { type: "reasoning-delta", text: ", ok" },
      { type: "text-delta", text: "Yes" },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("splits inline <think> reasoning, tags cut across chunks", () => {
    const events = run([chunk({ content: "<th" }), chunk({ content: "ink>\nplan</thi" }), chunk({ content: "nk>\n\nAnswer" }), chunk({}, "stop")]);
    assert.deepEqual(events, [start, { type: "reasoning-delta", text: "plan" }, { type: "text-delta", text: "Answer" }, { type: "finish", reason: "stop" }]);
  });

  it("flushes text held back by the tag check at the finish", () => {
    const events = run([chunk({ content: "<thi" }), chunk({}, "length")]);
    assert.deepEqual(events, [start, { type: "text-delta", text: "<thi" }, { type: "finish", reason: "length" }]);
  });

  it("renumbers OpenAI tool calls by first appearance, with interleaved fragments", () => {
    const events = run([
      chunk({ role: "assistant", content: null }),
      chunk({ tool_calls: [{ index: 3, id: "call_b", type: "function", function: { name: "b", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 1, id: "call_a", type: "function", function: { name: "a", arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ index: 3, function: { arguments: "{}" } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ":1}" } }] }),
      chunk({}, "tool_calls"),
      "[DONE]",
    ]);
    assert.deepEqual(events, [
      start,
      { type: "tool-call-start", index: 0, id: "call_b", name: "b" },
      { type: "tool-call-start", index: 1, id: "call_a", name: "a" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"x"' },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-delta", index: 1, argumentsDelta: ":1}" },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("reads Mistral's whole calls without index, finish and usage in the same chunk", () => {
    const events = run([
      chunk({ role: "assistant", content: "" }),
      chunk(
        { content: null, tool_calls: [{ id: "gSIM", function: { name: "weather", arguments: '{"location": "SF"}' } }, { id: "hX2", function: { name: "time", arguments: "{}" } }] },
        "tool_calls",
        { usage: { prompt_tokens: 124, total_tokens: 146, completion_tokens: 22 } },
      ),
    ]);
    assert.deepEqual(events, [
      start,
      { type: "tool-call-start", index: 0, id: "gSIM", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"location": "SF"}' },
      { type: "tool-call-start", index: 1, id: "hX2", name: "time" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "usage", usage: { inputTokens: 124, outputTokens: 22, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("treats repeated ids at one index as one call, and a new id at a reused index as a new call", () => {
    const repeated = run([
      chunk({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: '{"k":' } }] }),
      chunk({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "2}" } }] }),
      chunk({ tool_calls: [{ index: 0, id: "b", function: { name: "g", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ function: { arguments: "" } }] }),
      chunk({}, "tool_calls"),
    ]);
    assert.deepEqual(repeated, [
      start,
      { type: "tool-call-start", index: 0, id: "a", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"k":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: "2}" },
      { type: "tool-call-start", index: 1, id: "b", name: "g" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("waits for a late name, and makes up an id when the provider sends none", () => {
    const events = run([chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }), chunk({ tool_calls: [{ index: 0, function: { name: "late", arguments: ":1}" } }] }), chunk({}, "stop")]);
    assert.deepEqual(events, [
      start,
      { type: "tool-call-start", index: 0, id: "call_c1_0", name: "late" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("reads a legacy function_call delta as a tool call", () => {
    const events = run([chunk({ function_call: { name: "lookup", arguments: "" } }), chunk({ function_call: { arguments: "{}" } }), chunk({}, "function_call")]);
    assert.deepEqual(events.slice(1), [
      { type: "tool-call-start", index: 0, id: "call_c1_0", name: "lookup" },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("reads Groq usage from x_groq and passes a refusal on as text", () => {
    const events = run([chunk({ refusal: "No." }), chunk({}, "stop", { x_groq: { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } } })]);
    assert.deepEqual(events, [
      start,
      { type: "text-delta", text: "No." },
      { type: "usage", usage: { inputTokens: 3, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("turns an in-band error into a terminal error event", () => {
    const parser = new ChatStreamParser();
    const events = run([chunk({ content: "partial" }), JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }), chunk({ content: "ignored" }), "[DONE]"], parser);
    assert.deepEqual(events, [start, { type: "text-delta", text: "partial" }, { type: "error", message: "Rate limit reached", code: "rate_limit_exceeded" }]);
    assert.deepEqual(run([JSON.stringify({ error: "overloaded" })]), [{ type: "error", message: "overloaded", code: "upstream_error" }]);
    assert.deepEqual(run([JSON.stringify({ error: { code: 500 } })]), [{ type: "error", message: "The upstream reported an error during the response.", code: "500" }]);
  });

  it("turns invalid JSON into an error event instead of throwing", () => {
    assert.deepEqual(run([chunk({ content: "a" }), "{not json"]), [start, { type: "text-delta", text: "a" }, { type: "error", message: "The upstream sent a stream event that is not valid JSON.", code: "invalid_stream_event" }]);
  });

  it("reports a stream cut before its finish as truncated", () => {
    const events = run([chunk({ content: "a" })]);
    assert.deepEqual(events.at(-1), { type: "error", message: "The upstream stream ended before the response was complete.", code: "stream_interrupted" });
    assert.deepEqual(run(["[DONE]"]), [{ type: "error", message: "The upstream stream ended before the response was complete.", code: "stream_interrupted" }]);
  });

  it("accepts a finish without [DONE], and [DONE] without a finish", () => {
    assert.deepEqual(run([chunk({ content: "a" }, "stop")]).at(-1), { type: "finish", reason: "stop" });
    assert.deepEqual(run([chunk({ content: "a" }), "[DONE]"]).at(-1), { type: "finish", reason: "stop" });
    assert.deepEqual(run([chunk({ tool_calls: [{ index: 0, id: "x", function: { name: "f", arguments: "{}" } }] }), "[DONE]"]).slice(-2), [
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("ignores deltas after the finish but keeps a late usage; ignores blank data", () => {
    const events = run([chunk({ content: "a" }, "stop"), "", chunk({ content: "late" }, null, { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }), "[DONE]", chunk({ content: "after done" })]);
    assert.deepEqual(events, [
      start,
      { type: "text-delta", text: "a" },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } },
    ]);
  });

  it("leaves out Azure's empty id and model on the opening chunk and reads only the first choice", () => {
    const events = run([
      JSON.stringify({ id: "", model: "", choices: [], prompt_filter_results: [] }),
      JSON.stringify({ id: "x", choices: [{ index: 1, delta: { content: "other choice" } }, { index: 0, delta: { content: "mine" } }] }),
      JSON.stringify({ id: "x", choices: [{ index: 0, delta: {}, finish_reason: "content_filter" }] }),
    ]);
    assert.deepEqual(events, [{ type: "message-start" }, { type: "text-delta", text: "mine" }, { type: "finish", reason: "content-filter" }]);
  });
});
