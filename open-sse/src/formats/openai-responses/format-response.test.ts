import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest } from "../../core/canonical-request";
import type { CanonicalResponse } from "../../core/canonical-response";
import { formatResponsesResponse } from "./format-response";

const usage = { inputTokens: 12, outputTokens: 8, cacheReadTokens: 2, cacheWriteTokens: null, reasoningTokens: 3 };
const request = {
  ...emptyCanonicalRequest("omni/x"),
  tools: [{ type: "native" as const, format: "openai-responses" as const, definition: { type: "namespace", name: "multi_agent_v1", tools: [{ type: "function", name: "spawn_agent" }] } }],
};
const context = { model: "omni/x", requestId: "r1", createdAt: 1000, includeUsage: false, request };

describe("formatResponsesResponse", () => {
  it("writes reasoning, text and calls as output items, wrapping foreign signatures", () => {
    const response: CanonicalResponse = {
      parts: [
        { type: "reasoning", text: "Thinking", signature: { format: "anthropic-messages", value: "sig" } },
        { type: "text", text: "Hello " },
        { type: "text", text: "world" },
        { type: "reasoning", text: "", signature: { format: "openai-responses", value: "gAAA" }, itemId: "rs_up" },
        { type: "reasoning", text: "no token" },
        { type: "tool-call", id: "toolu_1", name: "multi_agent_v1__spawn_agent", arguments: '{"m":1}' },
        { type: "tool-call", id: "toolu_2", name: "read", arguments: "{}" },
      ],
      finishReason: "tool-calls",
      usage,
    };
    const body = formatResponsesResponse(response, context);
    assert.equal(body.id, "resp_r1");
    assert.equal(body.status, "completed");
    assert.equal(body.model, "omni/x");
    assert.deepEqual(body.output, [
      { id: "rs_r1_0", type: "reasoning", summary: [{ type: "summary_text", text: "Thinking" }], encrypted_content: "omr1.anthropic-messages.sig" },
      { id: "msg_r1_1", type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Hello world", annotations: [], logprobs: [] }] },
      { id: "rs_up", type: "reasoning", summary: [], encrypted_content: "gAAA" },
      { id: "rs_r1_3", type: "reasoning", summary: [{ type: "summary_text", text: "no token" }], encrypted_content: "omr1.none." },
      { id: "fc_r1_4", type: "function_call", status: "completed", arguments: '{"m":1}', call_id: "toolu_1", name: "spawn_agent", namespace: "multi_agent_v1" },
      { id: "fc_r1_5", type: "function_call", status: "completed", arguments: "{}", call_id: "toolu_2", name: "read" },
    ]);
    assert.deepEqual(body.usage, { input_tokens: 12, input_tokens_details: { cached_tokens: 2 }, output_tokens: 8, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 20 });
    assert.equal(body.error, null);
  });

  it("reports cut-offs, refusals and failures", () => {
    const cut = formatResponsesResponse({ parts: [{ type: "text", text: "par" }], finishReason: "length", usage }, context);
    assert.equal(cut.status, "incomplete");
    assert.deepEqual(cut.incomplete_details, { reason: "max_output_tokens" });
    assert.equal((cut.output as Array<{ status: string }>)[0]?.status, "incomplete");
    const refused = formatResponsesResponse({ parts: [], refusal: "I can't help with that.", finishReason: "refusal", usage }, context);
    assert.deepEqual((refused.output as Array<{ content: unknown }>)[0]?.content, [{ type: "refusal", refusal: "I can't help with that." }]);
    const failed = formatResponsesResponse({ parts: [], finishReason: "error", usage }, context);
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.error, { code: "server_error", message: "The upstream model failed to complete the response." });
  });
});
