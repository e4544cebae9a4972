import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest } from "../../core/canonical-request";
import type { StreamEvent } from "../../core/stream-event";
import { readResponsesSse, responsesStreamProblems } from "./check-responses-stream";
import { ResponsesStreamFormatter } from "./format-stream";

const request = {
  ...emptyCanonicalRequest("omni/x"),
  tools: [{ type: "native" as const, format: "openai-responses" as const, definition: { type: "namespace", name: "multi_agent_v1", tools: [{ type: "function", name: "spawn_agent" }] } }],
};
const context = { model: "omni/x", requestId: "r1", createdAt: 1000, includeUsage: false, request };
const usage = { inputTokens: 30, outputTokens: 12, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 5 };

function format(events: StreamEvent[]): string {
  const formatter = new ResponsesStreamFormatter(context);
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

describe("ResponsesStreamFormatter", () => {
  it("writes reasoning, text and a tool call in OpenAI's event grammar", () => {
    const text = format([
      { type: "message-start", id: "upstream", model: "claude" },
      { type: "reasoning-delta", text: "Let me " },
      { type: "reasoning-delta", text: "think." },
      { type: "reasoning-signature", signature: { format: "anthropic-messages", value: "sig" } },
      { type: "text-delta", text: "Hi" },
      { type: "tool-call-start", index: 0, id: "toolu_1", name: "multi_agent_v1__spawn_agent" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"m":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: "1}" },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool-calls" },
      { type: "usage", usage },
    ]);
    const events = readResponsesSse(text);
    assert.deepEqual(responsesStreamProblems(events), []);
    assert.deepEqual(
      events.map((event) => event.event),
      [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done",
        "response.reasoning_summary_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
      ],
    );
    assert.deepEqual(events[8]?.data.item, { id: "rs_r1_0", type: "reasoning", summary: [{ type: "summary_text", text: "Let me think." }], encrypted_content: "omr1.anthropic-messages.sig", status: "completed" });
    assert.deepEqual(events[15]?.data.item, { id: "fc_r1_2", type: "function_call", status: "in_progress", arguments: "", call_id: "toolu_1", name: "spawn_agent", namespace: "multi_agent_v1" });
    assert.equal(events[18]?.data.name, "spawn_agent");
    const completed = events.at(-1)?.data.response as { id: string; status: string; output: Array<{ id: string }>; usage: unknown };
    assert.equal(completed.id, "resp_r1");
    assert.equal(completed.status, "completed");
    assert.deepEqual(completed.output.map((item) => item.id), ["rs_r1_0", "msg_r1_1", "fc_r1_2"]);
    assert.deepEqual(completed.usage, { input_tokens: 30, input_tokens_details: { cached_tokens: 0 }, output_tokens: 12, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 42 });
    assert.equal((events[0]?.data.response as { usage: unknown }).usage, null);
  });

  it("keeps interleaved parallel calls apart, each delta naming its own open item", () => {
    const events = readResponsesSse(
      format([
        { type: "message-start" },
        { type: "tool-call-start", index: 0, id: "a", name: "read" },
        { type: "tool-call-start", index: 1, id: "b", name: "write" },
        { type: "tool-call-delta", index: 1, argumentsDelta: '{"p":2}' },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"p":1}' },
        { type: "text-delta", text: "meanwhile" },
        { type: "tool-call-end", index: 1 },
        { type: "tool-call-end", index: 0 },
        { type: "usage", usage },
        { type: "finish", reason: "tool-calls" },
      ]),
    );
    assert.deepEqual(responsesStreamProblems(events), []);
    const deltas = events.filter((event) => event.event === "response.function_call_arguments.delta").map((event) => [event.data.item_id, event.data.delta]);
    assert.deepEqual(deltas, [
      ["fc_r1_1", '{"p":2}'],
      ["fc_r1_0", '{"p":1}'],
    ]);
    const output = (events.at(-1)?.data.response as { output: Array<{ id: string; arguments?: string }> }).output;
    assert.deepEqual(output.map((item) => [item.id, item.arguments]), [
      ["fc_r1_0", '{"p":1}'],
      ["fc_r1_1", '{"p":2}'],
      ["msg_r1_2", undefined],
    ]);
  });

  it("ends a cut-off answer with response.incomplete", () => {
    const events = readResponsesSse(format([{ type: "message-start" }, { type: "text-delta", text: "part" }, { type: "finish", reason: "length" }]));
    assert.deepEqual(responsesStreamProblems(events), []);
    assert.equal(events.at(-1)?.event, "response.incomplete");
    const response = events.at(-1)?.data.response as { status: string; incomplete_details: unknown; output: Array<{ status: string }> };
    assert.deepEqual(response.incomplete_details, { reason: "max_output_tokens" });
    assert.equal(response.output[0]?.status, "incomplete");
  });

  it("ends a failed stream with an error event and response.failed", () => {
    const events = readResponsesSse(
      format([
        { type: "message-start" },
        { type: "text-delta", text: "par" },
        { type: "usage", usage },
        { type: "error", message: "Provider 'x' stopped mid-stream.", code: "stream_interrupted" },
        { type: "text-delta", text: "ignored" },
      ]),
    );
    assert.deepEqual(responsesStreamProblems(events), []);
    assert.deepEqual(
      events.slice(-2).map((event) => event.event),
      ["error", "response.failed"],
    );
    assert.equal(events.at(-2)?.data.message, "Provider 'x' stopped mid-stream.");
    const failed = events.at(-1)?.data.response as { status: string; error: unknown; usage: { output_tokens: number } };
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.error, { code: "server_error", message: "Provider 'x' stopped mid-stream." });
    assert.equal(failed.usage.output_tokens, 12);
  });

  it("still answers a stream that ended without finish, and one with nothing at all", () => {
    const unfinished = readResponsesSse(format([{ type: "text-delta", text: "x" }]));
    assert.deepEqual(responsesStreamProblems(unfinished), []);
    assert.equal(unfinished.at(-1)?.event, "response.failed");
    const empty = readResponsesSse(format([{ type: "finish", reason: "stop" }]));
    assert.deepEqual(responsesStreamProblems(empty), []);
    assert.deepEqual((empty.at(-1)?.data.response as { output: unknown[] }).output, []);
  });

  it("writes a signature without text, a redacted block, and unsigned reasoning", () => {
    const events = readResponsesSse(
      format([
        { type: "message-start" },
        { type: "reasoning-signature", signature: { format: "openai-responses", value: "gAAA" } },
        { type: "reasoning-redacted", signature: { format: "anthropic-messages", value: "redacted-data" } },
        { type: "reasoning-delta", text: "plain" },
        { type: "text-delta", text: "ok" },
        { type: "finish", reason: "stop" },
      ]),
    );
    assert.deepEqual(responsesStreamProblems(events), []);
    const reasoning = (events.at(-1)?.data.response as { output: Array<{ type: string; encrypted_content?: string; summary?: unknown[] }> }).output.filter((item) => item.type === "reasoning");
    assert.deepEqual(reasoning.map((item) => item.encrypted_content), ["gAAA", "omr1.anthropic-messages.redacted-data", "omr1.none."]);
  });
});
