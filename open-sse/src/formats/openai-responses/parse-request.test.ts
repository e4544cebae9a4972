import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseResponsesRequest } from "./parse-request";

/** The shape of what Codex 0.169 sends (CLI-TRAFFIC.md), trimmed. */
const codexBody = {
  model: "gpt-5.1-codex",
  input: [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "You are Codex." }] },
    { type: "message", role: "user", content: [{ type: "input_text", text: "say hi" }] },
  ],
  tools: [{ type: "function", name: "shell", description: "Run", parameters: { type: "object", properties: {} }, strict: false }],
  tool_choice: "auto",
  parallel_tool_calls: true,
  reasoning: { summary: "auto" },
  store: false,
  include: ["reasoning.encrypted_content"],
  prompt_cache_key: "019b-thread",
  client_metadata: { originator: "codex_exec" },
  stream: true,
};

describe("parseResponsesRequest", () => {
  it("reads a Codex request", () => {
    const request = parseResponsesRequest(codexBody, {});
    assert.equal(request.model, "gpt-5.1-codex");
    assert.deepEqual(request.system, [{ type: "text", text: "You are Codex." }]);
    assert.deepEqual(request.messages, [{ role: "user", parts: [{ type: "text", text: "say hi" }] }]);
    assert.deepEqual(request.toolChoice, { type: "auto" });
    assert.equal(request.parallelToolCalls, true);
    assert.deepEqual(request.reasoning, { summary: "auto", includeThoughts: true });
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, true);
    assert.deepEqual(request.metadata, { promptCacheKey: "019b-thread" });
    assert.deepEqual(request.providerOptions, {
      "openai-responses": { store: false, include: ["reasoning.encrypted_content"], client_metadata: { originator: "codex_exec" } },
    });
  });

  it("puts instructions before developer and system items", () => {
    const request = parseResponsesRequest(
      {
        model: "m",
        instructions: "first",
        input: [
          { role: "user", content: "q" },
          { role: "system", content: "second" },
        ],
      },
      {},
    );
    assert.deepEqual(request.system, [{ type: "text", text: "first" }, { type: "text", text: "second" }]);
    assert.equal(request.stream, false);
    assert.deepEqual(request.providerOptions, {});
  });

  it("reads sampling, limits, reasoning effort, structured output and identity", () => {
    const request = parseResponsesRequest(
      {
        model: "m",
        input: "x",
        max_output_tokens: 500,
        temperature: 0.2,
        top_p: 0.9,
        reasoning: { effort: "none", summary: "detailed" },
        text: { format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true }, verbosity: "low" },
        user: "legacy-user",
        previous_response_id: "resp_1",
        service_tier: "flex",
      },
      {},
    );
    assert.equal(request.maxOutputTokens, 500);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.deepEqual(request.reasoning, { effort: "none", mode: "disabled", summary: "detailed", includeThoughts: true });
    assert.deepEqual(request.responseFormat, { type: "json-schema", name: "out", schema: { type: "object" }, strict: true });
    assert.deepEqual(request.metadata, { userId: "legacy-user" });
    assert.deepEqual(request.providerOptions["openai-responses"], { text: { verbosity: "low" }, previous_response_id: "resp_1", service_tier: "flex" });
  });

  it("prefers safety_identifier, takes the model from the route, keeps Responses-only tool choices", () => {
    const request = parseResponsesRequest(
      { input: "x", safety_identifier: "hash-1", user: "u", tool_choice: { type: "web_search_preview" }, text: { format: { type: "json_object" } } },
      { model: "from-route" },
    );
    assert.equal(request.model, "from-route");
    assert.deepEqual(request.metadata, { userId: "hash-1" });
    assert.equal(request.toolChoice, undefined);
    assert.deepEqual(request.responseFormat, { type: "json-object" });
    assert.deepEqual(request.providerOptions["openai-responses"], { tool_choice: { type: "web_search_preview" } });
  });

  it("rejects invalid fields with a 400 naming them", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ input: "x" }, "model"],
      [{ model: "m" }, "input"],
      [{ model: "m", input: "x", instructions: 1 }, "instructions"],
      [{ model: "m", input: "x", max_output_tokens: 0 }, "max_output_tokens"],
      [{ model: "m", input: "x", temperature: "hot" }, "temperature"],
      [{ model: "m", input: "x", stream: "yes" }, "stream"],
      [{ model: "m", input: "x", parallel_tool_calls: 1 }, "parallel_tool_calls"],
      [{ model: "m", input: "x", reasoning: { effort: "max" } }, "reasoning.effort"],
      [{ model: "m", input: "x", text: { format: { type: "yaml" } } }, "text.format.type"],
      [{ model: "m", input: "x", text: { format: { type: "json_schema", schema: {} } } }, "text.format.name"],
    ];
    for (const [body, param] of cases) {
      assert.throws(() => parseResponsesRequest(body, {}), (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param, param);
    }
  });
});
