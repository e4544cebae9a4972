import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamEvent } from "../../core/stream-event";
import { ResponsesStreamParser } from "./parse-stream";

function run(events: object[], options: { end?: boolean } = {}): StreamEvent[] {
  const parser = new ResponsesStreamParser();
  const out: StreamEvent[] = [];
  for (const event of events) out.push(...parser.push(JSON.stringify(event), (event as { type: string }).type));
  if (options.end !== false) out.push(...parser.end());
  return out;
}

const created = { type: "response.created", sequence_number: 0, response: { id: "resp_1", model: "gpt-5", status: "in_progress", output: [], usage: null } };
const usage = { input_tokens: 20, input_tokens_details: { cached_tokens: 5 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 29 };
const completed = (extra: object = {}) => ({ type: "response.completed", response: { id: "resp_1", status: "completed", output: [], usage, ...extra } });
const canonicalUsage = { inputTokens: 20, outputTokens: 9, cacheReadTokens: 5, cacheWriteTokens: null, reasoningTokens: 4 };

describe("ResponsesStreamParser", () => {
  it("reads reasoning with its encrypted content, then text", () => {
    const events = run([
      created,
      { type: "response.in_progress", response: {} },
      { type: "response.output_item.added", output_index: 0, item: { id: "rs_1", type: "reasoning", summary: [], encrypted_content: "placeholder" } },
      { type: "response.reasoning_summary_part.added", output_index: 0, summary_index: 0, part: { type: "summary_text", text: "" } },
      { type: "response.reasoning_summary_text.delta", output_index: 0, summary_index: 0, delta: "Plan" },
      { type: "response.reasoning_summary_text.delta", output_index: 0, summary_index: 1, delta: "Act" },
      { type: "response.output_item.done", output_index: 0, item: { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "Plan" }, { type: "summary_text", text: "Act" }], encrypted_content: "gAAA-final" } },
      { type: "response.output_item.added", output_index: 1, item: { id: "msg_1", type: "message", role: "assistant", content: [] } },
      { type: "response.output_text.delta", output_index: 1, content_index: 0, delta: "Hel" },
      { type: "response.output_text.delta", output_index: 1, content_index: 0, delta: "" },
      { type: "response.output_text.delta", output_index: 1, content_index: 0, delta: "lo" },
      { type: "response.output_text.done", output_index: 1, content_index: 0, text: "Hello" },
      { type: "response.output_item.done", output_index: 1, item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "Hello" }] } },
      completed(),
    ]);
    assert.deepEqual(events, [
      { type: "message-start", id: "resp_1", model: "gpt-5" },
      { type: "reasoning-delta", text: "Plan" },
      { type: "reasoning-delta", text: "\n\nAct" },
      { type: "reasoning-signature", signature: { format: "openai-responses", value: "gAAA-final" } },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "usage", usage: canonicalUsage },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("numbers interleaved parallel calls by start order and finishes with tool-calls", () => {
    const events = run([
      created,
      { type: "response.output_item.added", output_index: 3, item: { id: "fc_a", type: "function_call", call_id: "call_a", name: "read", arguments: "" } },
      { type: "response.output_item.added", output_index: 4, item: { id: "fc_b", type: "function_call", call_id: "call_b", name: "spawn_agent", namespace: "multi_agent_v1", arguments: "" } },
      { type: "response.function_call_arguments.delta", item_id: "fc_b", output_index: 4, delta: '{"m":' },
      { type: "response.function_call_arguments.delta", item_id: "fc_a", delta: '{"p":1}' },
      { type: "response.function_call_arguments.delta", item_id: "fc_b", output_index: 4, delta: "2}" },
      { type: "response.function_call_arguments.done", item_id: "fc_a", output_index: 3, arguments: '{"p":1}' },
      { type: "response.output_item.done", output_index: 3, item: { id: "fc_a", type: "function_call", call_id: "call_a", name: "read", arguments: '{"p":1}' } },
      { type: "response.output_item.done", output_index: 4, item: { id: "fc_b", type: "function_call", call_id: "call_b", name: "spawn_agent", namespace: "multi_agent_v1", arguments: '{"m":2}' } },
      completed(),
    ]);
    assert.deepEqual(events, [
      { type: "message-start", id: "resp_1", model: "gpt-5" },
      { type: "tool-call-start", index: 0, id: "call_a", name: "read" },
      { type: "tool-call-start", index: 1, id: "call_b", name: "multi_agent_v1__spawn_agent" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"m":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"p":1}' },
      { type: "tool-call-delta", index: 1, argumentsDelta: "2}" },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: canonicalUsage },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("emits arguments that were never streamed, and text only the done item holds", () => {
    const events = run([
      created,
      { type: "response.output_item.added", output_index: 0, item: { id: "msg_1", type: "message", content: [] } },
      { type: "response.output_text.delta", output_index: 0, delta: "I'll " },
      { type: "response.output_item.done", output_index: 0, item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "I'll check." }] } },
      { type: "response.output_item.added", output_index: 1, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "weather", arguments: "" } },
      { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 1, arguments: '{"city":"Rome"}' },
      { type: "response.output_item.done", output_index: 1, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Rome"}' } },
      completed(),
    ]);
    assert.deepEqual(events.slice(1, -2), [
      { type: "text-delta", text: "I'll " },
      { type: "text-delta", text: "check." },
      { type: "tool-call-start", index: 0, id: "call_1", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Rome"}' },
      { type: "tool-call-end", index: 0 },
    ]);
  });

  it("holds a parallel wrapper until it is whole, then unwraps it", () => {
    const args = '{"tool_uses":[{"recipient_name":"functions.weather","parameters":{"location":"SF"}},{"recipient_name":"functions.cityAttractions","parameters":{"city":"Rome"}}]}';
    const events = run([
      created,
      { type: "response.output_item.added", output_index: 0, item: { type: "function_call", id: "fc_p", call_id: "call_p", name: "parallel", arguments: "" } },
      { type: "response.function_call_arguments.delta", item_id: "fc_p", output_index: 0, delta: args.slice(0, 20) },
      { type: "response.function_call_arguments.delta", item_id: "fc_p", output_index: 0, delta: args.slice(20) },
      { type: "response.output_item.done", output_index: 0, item: { type: "function_call", id: "fc_p", call_id: "call_p", name: "parallel", arguments: args } },
      completed(),
    ]);
    assert.deepEqual(events.slice(1), [
      { type: "tool-call-start", index: 0, id: "call_p_0", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"location":"SF"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_p_1", name: "cityAttractions" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: canonicalUsage },
      { type: "finish", reason: "tool-calls" },
    ]);
  });

  it("reads raw reasoning text (open models) and an incomplete answer", () => {
    const events = run([
      created,
      { type: "response.reasoning_text.delta", output_index: 0, content_index: 0, delta: "hmm" },
      { type: "response.output_item.done", output_index: 0, item: { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "hmm" }] } },
      { type: "response.output_text.delta", output_index: 1, delta: "partial" },
      { type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, usage: { input_tokens: 1, output_tokens: 16 } } },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: "reasoning-delta", text: "hmm" },
      { type: "text-delta", text: "partial" },
      { type: "usage", usage: { inputTokens: 1, outputTokens: 16, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null } },
      { type: "finish", reason: "length" },
    ]);
  });

  it("takes items a server sent only in the final response", () => {
    const events = run([
      created,
      completed({ output: [{ type: "message", content: [{ type: "output_text", text: "all at once" }] }, { type: "function_call", call_id: "c", name: "f", arguments: "{}" }] }),
    ]);
    assert.deepEqual(events.slice(1, -2), [
      { type: "text-delta", text: "all at once" },
      { type: "tool-call-start", index: 0, id: "c", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 0 },
    ]);
  });

  it("matches items by id when a server sends no output indexes, and never repeats streamed text", () => {
    const byId = run([
      created,
      { type: "response.output_text.delta", item_id: "msg_1", delta: "once" },
      { type: "response.output_item.done", item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "once more" }] } },
      completed({ output: [{ id: "msg_1", type: "message", content: [{ type: "output_text", text: "once more" }] }] }),
    ]);
    assert.deepEqual(
      byId.filter((event) => event.type === "text-delta"),
      [
        { type: "text-delta", text: "once" },
        { type: "text-delta", text: " more" },
      ],
    );
    const anonymous = run([
      created,
      { type: "response.output_text.delta", delta: "once" },
      { type: "response.output_item.done", item: { type: "message", content: [{ type: "output_text", text: "once" }] } },
      completed(),
    ]);
    assert.deepEqual(
      anonymous.filter((event) => event.type === "text-delta"),
      [{ type: "text-delta", text: "once" }],
    );
  });

  it("ends on the first error and ignores what follows", () => {
    const events = run([
      created,
      { type: "error", sequence_number: 2, error: { type: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota", param: null } },
      { type: "response.failed", response: { status: "failed", error: { code: "insufficient_quota", message: "quota" } } },
    ]);
    assert.deepEqual(events, [
      { type: "message-start", id: "resp_1", model: "gpt-5" },
      { type: "error", message: "You exceeded your current quota", code: "insufficient_quota" },
    ]);
    assert.deepEqual(run([{ type: "error", code: "server_error", message: "boom", param: null, sequence_number: 1 }]), [
      { type: "message-start" },
      { type: "error", message: "boom", code: "server_error" },
    ]);
    assert.deepEqual(run([created, { type: "response.failed", response: { status: "failed", error: { code: "rate_limit_exceeded", message: "slow down" }, usage } }]).slice(1), [
      { type: "usage", usage: canonicalUsage },
      { type: "error", message: "slow down", code: "rate_limit_exceeded" },
    ]);
  });

  it("turns bad JSON and a truncated stream into errors", () => {
    const parser = new ResponsesStreamParser();
    assert.deepEqual(parser.push("{not json"), [{ type: "message-start" }, { type: "error", message: "The upstream sent an event that is not valid JSON." }]);
    assert.deepEqual(parser.push(JSON.stringify(created)), []);
    assert.deepEqual(parser.end(), []);
    assert.deepEqual(run([created, { type: "response.output_text.delta", output_index: 0, delta: "x" }]).at(-1), { type: "error", message: "stream ended before the response was complete" });
  });
});
