import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest } from "../../core/canonical-request";
import { formatUsage, responseObject } from "./response-object";

const context = { model: "omni/gpt", requestId: "req_1", createdAt: 1_700_000_000, includeUsage: false };

describe("responseObject", () => {
  it("fills OpenAI's defaults when the request is unknown", () => {
    assert.deepEqual(responseObject(context, { status: "in_progress", output: [], usage: null }), {
      id: "resp_req_1",
      object: "response",
      created_at: 1_700_000_000,
      status: "in_progress",
      background: false,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: "omni/gpt",
      output: [],
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      safety_identifier: null,
      store: false,
      temperature: null,
      text: { format: { type: "text" } },
      tool_choice: "auto",
      tools: [],
      top_p: null,
      truncation: "disabled",
      usage: null,
      metadata: {},
    });
  });

  it("echoes the client's request", () => {
    const request = {
      ...emptyCanonicalRequest("omni/gpt"),
      system: [{ type: "text" as const, text: "Be brief." }],
      tools: [
        { type: "function" as const, name: "shell", parameters: { type: "object" } },
        { type: "native" as const, format: "openai-responses" as const, definition: { type: "namespace", name: "ns", tools: [{ type: "function", name: "f" }] } },
        { type: "function" as const, name: "ns__f", parameters: {} },
      ],
      toolChoice: { type: "tool" as const, name: "ns__f" },
      parallelToolCalls: false,
      maxOutputTokens: 100,
      temperature: 0.3,
      reasoning: { effort: "low" as const, summary: "auto" },
      responseFormat: { type: "json-object" as const },
      metadata: { promptCacheKey: "k" },
      providerOptions: { "openai-responses": { text: { verbosity: "low" }, metadata: { a: "1" }, truncation: "auto", previous_response_id: "resp_0" } },
    };
    const echoed = responseObject({ ...context, request }, { status: "completed", output: [], usage: null });
    assert.equal(echoed.instructions, "Be brief.");
    assert.deepEqual(echoed.tools, [{ type: "function", name: "shell", parameters: { type: "object" } }, request.tools[1]?.type === "native" ? request.tools[1].definition : undefined]);
    assert.deepEqual(echoed.tool_choice, { type: "function", name: "f", namespace: "ns" });
    assert.equal(echoed.parallel_tool_calls, false);
    assert.equal(echoed.max_output_tokens, 100);
    assert.equal(echoed.temperature, 0.3);
    assert.deepEqual(echoed.reasoning, { effort: "low", summary: "auto" });
    assert.deepEqual(echoed.text, { format: { type: "json_object" }, verbosity: "low" });
    assert.equal(echoed.prompt_cache_key, "k");
    assert.equal(echoed.truncation, "auto");
    assert.equal(echoed.previous_response_id, "resp_0");
    assert.deepEqual(echoed.metadata, { a: "1" });
  });
});

describe("formatUsage", () => {
  it("writes every required count, 0 for one nobody reported, null when nothing was", () => {
    assert.deepEqual(formatUsage({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 4, cacheWriteTokens: 2, reasoningTokens: null }), {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 4 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15,
    });
    assert.equal(formatUsage({ inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null }), null);
  });
});
