import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseResponsesResponse } from "./parse-response";

const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 17 };

describe("parseResponsesResponse", () => {
  it("reads reasoning, text and function calls in order", () => {
    const response = parseResponsesResponse({
      id: "resp_1",
      object: "response",
      status: "completed",
      model: "gpt-5",
      output: [
        { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "A" }, { type: "summary_text", text: "B" }], encrypted_content: "gAAA" },
        { id: "msg_1", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Hi ", annotations: [] }, { type: "output_text", text: "there", annotations: [] }] },
        { id: "ws_1", type: "web_search_call", status: "completed" },
        { id: "fc_1", type: "function_call", call_id: "call_1", name: "spawn_agent", namespace: "multi_agent_v1", arguments: '{"m":1}', status: "completed" },
        { id: "fc_2", type: "function_call", call_id: "call_2", name: "noop", arguments: "", status: "completed" },
      ],
      usage,
    });
    assert.deepEqual(response, {
      id: "resp_1",
      model: "gpt-5",
      parts: [
        { type: "reasoning", text: "A\n\nB", signature: { format: "openai-responses", value: "gAAA" }, itemId: "rs_1" },
        { type: "text", text: "Hi there" },
        { type: "tool-call", id: "call_1", name: "multi_agent_v1__spawn_agent", arguments: '{"m":1}' },
        { type: "tool-call", id: "call_2", name: "noop", arguments: "{}" },
      ],
      finishReason: "tool-calls",
      usage: { inputTokens: 10, outputTokens: 7, cacheReadTokens: 4, cacheWriteTokens: null, reasoningTokens: 3 },
    });
  });

  it("reads raw reasoning text from open models and unwraps the parallel wrapper", () => {
    const response = parseResponsesResponse({
      status: "completed",
      output: [
        { id: "rs_2", type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "thinking" }] },
        {
          type: "function_call",
          call_id: "call_p",
          name: "parallel",
          arguments: '{"tool_uses":[{"recipient_name":"functions.a","parameters":{}},{"recipient_name":"functions.b","parameters":{"x":1}}]}',
        },
      ],
    });
    assert.deepEqual(response.parts, [
      { type: "reasoning", text: "thinking", itemId: "rs_2" },
      { type: "tool-call", id: "call_p_0", name: "a", arguments: "{}" },
      { type: "tool-call", id: "call_p_1", name: "b", arguments: '{"x":1}' },
    ]);
    assert.equal(response.finishReason, "tool-calls");
    assert.deepEqual(response.usage, { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null });
  });

  it("reads refusals, cut-offs and failures", () => {
    const refused = parseResponsesResponse({ status: "completed", output: [{ type: "message", content: [{ type: "refusal", refusal: "I can't." }] }] });
    assert.equal(refused.refusal, "I can't.");
    assert.equal(refused.finishReason, "refusal");
    const cut = parseResponsesResponse({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output: [] });
    assert.equal(cut.finishReason, "length");
    const filtered = parseResponsesResponse({ status: "incomplete", incomplete_details: { reason: "content_filter" }, output: [] });
    assert.equal(filtered.finishReason, "content-filter");
    const failed = parseResponsesResponse({ status: "failed", error: { code: "server_error", message: "boom" }, output: [] });
    assert.equal(failed.finishReason, "error");
  });

  it("rejects what is not a response", () => {
    for (const body of [null, "x", { error: { message: "nope" } }]) {
      assert.throws(() => parseResponsesResponse(body), (error: unknown) => GatewayError.isInstance(error) && error.status === 502);
    }
  });
});
