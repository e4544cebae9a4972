import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../core/canonical-request";
import { formatResponsesRequest } from "./format-request";
import { parseResponsesRequest } from "./parse-request";

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("client-model"), messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }], ...overrides };
}

describe("formatResponsesRequest", () => {
  it("writes a stateless request that keeps reasoning across turns", () => {
    const body = formatResponsesRequest(
      request({
        system: [{ type: "text", text: "Be brief." }, { type: "text", text: "Use tools." }],
        tools: [{ type: "function", name: "read", parameters: { type: "object" } }],
        toolChoice: { type: "auto" },
        parallelToolCalls: false,
        maxOutputTokens: 8,
        reasoning: { mode: "enabled", budgetTokens: 31_999 },
        stream: true,
        metadata: { promptCacheKey: "conv-1", userId: "user-1" },
      }),
      { model: "gpt-5" },
    );
    assert.deepEqual(body, {
      model: "gpt-5",
      instructions: "Be brief.\n\nUse tools.",
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
      tools: [{ type: "function", name: "read", parameters: { type: "object" } }],
      tool_choice: "auto",
      parallel_tool_calls: false,
      max_output_tokens: 16,
      // 31 999 budget tokens mean xhigh, which gpt-5 does not take; enabled thinking wants a summary.
      reasoning: { effort: "high", summary: "auto" },
      stream: true,
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "conv-1",
      safety_identifier: "user-1",
    });
  });

  it("drops sampling for reasoning models, keeps it where the model takes it", () => {
    const sampled = request({ temperature: 0.5, topP: 0.9 });
    const gpt5 = formatResponsesRequest(sampled, { model: "gpt-5" });
    assert.equal(gpt5.temperature, undefined);
    assert.equal(gpt5.top_p, undefined);
    const noneEffort = formatResponsesRequest({ ...sampled, reasoning: { mode: "disabled" } }, { model: "gpt-5.1" });
    assert.deepEqual(noneEffort.reasoning, { effort: "none" });
    assert.equal(noneEffort.temperature, 0.5);
    const gpt41 = formatResponsesRequest({ ...sampled, reasoning: { effort: "high" } }, { model: "gpt-4.1" });
    assert.equal(gpt41.temperature, 0.5);
    assert.equal(gpt41.reasoning, undefined);
    assert.equal(gpt41.include, undefined);
    const local = formatResponsesRequest({ ...sampled, reasoning: { effort: "xhigh" } }, { model: "qwen3" });
    assert.equal(local.temperature, 0.5);
    assert.deepEqual(local.reasoning, { effort: "xhigh" });
  });

  it("hashes a user id longer than safety_identifier allows", () => {
    const body = formatResponsesRequest(request({ metadata: { userId: "x".repeat(80) } }), { model: "gpt-5" });
    assert.match(String(body.safety_identifier), /^[0-9a-f]{64}$/);
  });

  it("applies a Responses client's own fields last", () => {
    const body = formatResponsesRequest(
      request({
        responseFormat: { type: "json-object" },
        providerOptions: {
          "openai-responses": { store: true, include: ["web_search_call.action.sources"], text: { verbosity: "low" }, service_tier: "flex" },
          "anthropic-messages": { context_management: {} },
        },
      }),
      { model: "gpt-5" },
    );
    assert.equal(body.store, true);
    assert.deepEqual(body.include, ["reasoning.encrypted_content", "web_search_call.action.sources"]);
    assert.deepEqual(body.text, { format: { type: "json_object" }, verbosity: "low" });
    assert.equal(body.service_tier, "flex");
    assert.equal(body.context_management, undefined);
  });

  it("round-trips a Codex request through the canonical model", () => {
    const codex = {
      model: "gpt-5.1-codex",
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "You are Codex." }] },
        { type: "message", role: "user", content: [{ type: "input_text", text: "spawn" }] },
        { type: "reasoning", summary: [{ type: "summary_text", text: "plan" }], encrypted_content: "gAAA" },
        { type: "function_call", call_id: "call_1", name: "spawn_agent", namespace: "multi_agent_v1", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "ok" },
      ],
      tools: [
        { type: "function", name: "shell", description: "Run", parameters: { type: "object", properties: {} }, strict: false },
        { type: "namespace", name: "multi_agent_v1", description: "Agents", tools: [{ type: "function", name: "spawn_agent", parameters: { type: "object" } }] },
        { type: "web_search", external_web_access: false },
      ],
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { summary: "auto" },
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "thread-1",
      stream: true,
    };
    const body = formatResponsesRequest(parseResponsesRequest(codex, {}), { model: "gpt-5.1-codex" });
    assert.deepEqual(body, {
      model: "gpt-5.1-codex",
      instructions: "You are Codex.",
      input: codex.input.slice(1),
      tools: codex.tools,
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { summary: "auto" },
      stream: true,
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: "thread-1",
    });
  });
});
