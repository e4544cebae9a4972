import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalMessage, type CanonicalRequest } from "../../core/canonical-request";
import { JSON_OBJECT_INSTRUCTION, formatAnthropicRequest } from "./format-request";
import { parseAnthropicRequest } from "./parse-request";

function requestWith(changes: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("client-model"), messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }], ...changes };
}

/** Claude answered turn 1, GPT turn 2 (its reasoning signed by OpenAI, or unsigned), and Claude is asked again. */
function hoppedConversation(gptSignature: boolean): CanonicalMessage[] {
  return [
    { role: "user", parts: [{ type: "text", text: "turn 1" }] },
    {
      role: "assistant",
      parts: [
        { type: "reasoning", text: "claude thinks", signature: { format: "anthropic-messages", value: "EqClaudeSig" } },
        { type: "text", text: "claude answers" },
      ],
    },
    { role: "user", parts: [{ type: "text", text: "turn 2" }] },
    {
      role: "assistant",
      parts: [
        { type: "reasoning", text: "gpt thinks", ...(gptSignature ? { signature: { format: "openai-responses" as const, value: "gAAAAencrypted" } } : {}) },
        { type: "text", text: "gpt answers" },
      ],
    },
    { role: "user", parts: [{ type: "text", text: "turn 3" }] },
  ];
}

describe("formatAnthropicRequest", () => {
  it("writes a minimal request with the target model and a default max_tokens", () => {
    assert.deepEqual(formatAnthropicRequest(requestWith({}), { model: "claude-sonnet-4-5" }), {
      model: "claude-sonnet-4-5",
      max_tokens: 16_384,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      stream: false,
    });
  });

  for (const gptSignature of [true, false]) {
    it(`keeps Claude's signed thinking and drops GPT's ${gptSignature ? "OpenAI-signed" : "unsigned"} reasoning (Claude → GPT → Claude)`, () => {
      const body = formatAnthropicRequest(requestWith({ messages: hoppedConversation(gptSignature), reasoning: { budgetTokens: 4096 } }), { model: "claude-sonnet-4-5" });
      assert.deepEqual(body.messages, [
        { role: "user", content: [{ type: "text", text: "turn 1" }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "claude thinks", signature: "EqClaudeSig" }, { type: "text", text: "claude answers" }] },
        { role: "user", content: [{ type: "text", text: "turn 2" }] },
        { role: "assistant", content: [{ type: "text", text: "gpt answers" }] },
        { role: "user", content: [{ type: "text", text: "turn 3" }] },
      ]);
      assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 4096 });
    });
  }

  it("end to end: a Claude Code client sends back wrapped GPT reasoning, and only Claude's own thinking reaches Claude", () => {
    const clientBody = {
      model: "cc/claude-sonnet-4-5",
      max_tokens: 32000,
      thinking: { type: "enabled", budget_tokens: 31999 },
      messages: [
        { role: "user", content: "turn 1" },
        { role: "assistant", content: [{ type: "thinking", thinking: "claude", signature: "EqClaudeSig" }, { type: "text", text: "a1" }] },
        { role: "user", content: "turn 2" },
        { role: "assistant", content: [{ type: "thinking", thinking: "gpt", signature: "omr1.openai-responses.gAAAA" }, { type: "text", text: "a2" }] },
        { role: "user", content: "turn 3" },
        { role: "assistant", content: [{ type: "thinking", thinking: "unsigned", signature: "omr1.none." }, { type: "text", text: "a3" }] },
        { role: "user", content: "turn 4" },
      ],
    };
    const body = formatAnthropicRequest(parseAnthropicRequest(clientBody, {}), { model: "claude-sonnet-4-5" });
    const assistantTurns = (body.messages as Array<{ role: string; content: unknown[] }>).filter((message) => message.role === "assistant");
    assert.deepEqual(assistantTurns.map((message) => message.content), [
      [{ type: "thinking", thinking: "claude", signature: "EqClaudeSig" }, { type: "text", text: "a1" }],
      [{ type: "text", text: "a2" }],
      [{ type: "text", text: "a3" }],
    ]);
    assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 31999 });
  });

  it("turns thinking off when GPT's tool call is the turn being continued", () => {
    const messages: CanonicalMessage[] = [
      { role: "user", parts: [{ type: "text", text: "list files" }] },
      { role: "assistant", parts: [{ type: "reasoning", text: "gpt", signature: { format: "openai-responses", value: "gAAA" } }, { type: "tool-call", id: "call_1", name: "Bash", arguments: '{"command":"ls"}' }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "call_1", toolName: "Bash", content: [{ type: "text", text: "a.txt" }] }] },
    ];
    const body = formatAnthropicRequest(requestWith({ messages, reasoning: { mode: "adaptive", effort: "high" }, tools: [{ type: "function", name: "Bash", parameters: { type: "object" } }] }), { model: "claude-opus-4-8" });
    assert.equal(body.thinking, undefined);
    assert.equal(body.output_config, undefined);
    assert.deepEqual((body.messages as unknown[])[1], { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "Bash", input: { command: "ls" } }] });
  });

  it("turns thinking off for a forced tool choice and keeps the choice", () => {
    const body = formatAnthropicRequest(
      requestWith({ reasoning: { effort: "medium" }, toolChoice: { type: "tool", name: "f" }, tools: [{ type: "function", name: "f", parameters: { type: "object" } }], temperature: 0.3 }),
      { model: "claude-sonnet-4-5" },
    );
    assert.equal(body.thinking, undefined);
    assert.deepEqual(body.tool_choice, { type: "tool", name: "f" });
    assert.equal(body.temperature, 0.3);
  });

  it("drops temperature and top_k when thinking is on", () => {
    const body = formatAnthropicRequest(requestWith({ reasoning: { effort: "low" }, temperature: 0.3, topK: 5, maxOutputTokens: 8000 }), { model: "claude-sonnet-4-5" });
    assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 4096 });
    assert.equal(body.temperature, undefined);
    assert.equal(body.top_k, undefined);
  });

  it("writes system blocks (blank ones dropped), metadata, stream and structured output", () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
    const body = formatAnthropicRequest(
      requestWith({
        system: [{ type: "text", text: "rules", cacheControl: { type: "ephemeral" } }, { type: "text", text: "  " }],
        metadata: { userId: "user-1" },
        stream: true,
        responseFormat: { type: "json-schema", name: "answer", schema },
      }),
      { model: "claude-sonnet-4-5" },
    );
    assert.deepEqual(body.system, [{ type: "text", text: "rules", cache_control: { type: "ephemeral" } }]);
    assert.deepEqual(body.metadata, { user_id: "user-1" });
    assert.equal(body.stream, true);
    assert.deepEqual(body.output_config, { format: { type: "json_schema", schema } });
  });

  it("asks for a JSON object through the system prompt", () => {
    const body = formatAnthropicRequest(requestWith({ responseFormat: { type: "json-object" } }), { model: "claude-sonnet-4-5" });
    assert.deepEqual(body.system, [{ type: "text", text: JSON_OBJECT_INSTRUCTION }]);
  });

  it("sanitises tool ids identically in tool_use and tool_result", () => {
    const messages: CanonicalMessage[] = [
      { role: "user", parts: [{ type: "text", text: "go" }] },
      { role: "assistant", parts: [{ type: "tool-call", id: "fc|abc.1", name: "f", arguments: "{}" }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "fc|abc.1", toolName: "f", content: [{ type: "text", text: "ok" }] }] },
    ];
    const body = formatAnthropicRequest(requestWith({ messages }), { model: "claude-sonnet-4-5" });
    const [, assistant, user] = body.messages as Array<{ content: Array<{ id?: string; tool_use_id?: string }> }>;
    assert.equal(assistant?.content[0]?.id, "fc_abc_1");
    assert.equal(user?.content[0]?.tool_use_id, "fc_abc_1");
  });

  it("merges Anthropic-only fields without overriding translated ones", () => {
    const body = formatAnthropicRequest(
      requestWith({
        reasoning: { mode: "adaptive", effort: "high" },
        maxOutputTokens: 64000,
        providerOptions: { "anthropic-messages": { context_management: { edits: [] }, output_config: { task_budget: 9 }, max_tokens: 1 }, "openai-chat": { store: true } },
      }),
      { model: "claude-opus-4-8" },
    );
    assert.deepEqual(body.context_management, { edits: [] });
    assert.deepEqual(body.output_config, { task_budget: 9, effort: "high" });
    assert.equal(body.max_tokens, 64000);
    assert.equal(body.store, undefined);
  });

  it("round-trips a Claude Code request whose tool loop carries Claude's thinking", () => {
    const clientBody = {
      model: "claude-opus-4-8",
      max_tokens: 64000,
      stream: true,
      system: [{ type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: [{ type: "text", text: "list", cache_control: { type: "ephemeral" } }] },
        { role: "system", content: "Available agent types: general." },
        { role: "assistant", content: [{ type: "thinking", thinking: "run ls", signature: "EqSig" }, { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "a.txt", cache_control: { type: "ephemeral" } }] },
      ],
      tools: [{ name: "Bash", description: "Run", input_schema: { type: "object", properties: {} } }],
      metadata: { user_id: '{"session_id":"s"}' },
      thinking: { type: "adaptive" },
      output_config: { effort: "high" },
      context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    };
    const body = formatAnthropicRequest(parseAnthropicRequest(clientBody, {}), { model: "claude-opus-4-8" });
    assert.deepEqual(body, {
      model: "claude-opus-4-8",
      max_tokens: 64000,
      messages: [
        { role: "user", content: [{ type: "text", text: "list", cache_control: { type: "ephemeral" } }] },
        { role: "assistant", content: [{ type: "thinking", thinking: "run ls", signature: "EqSig" }, { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "a.txt" }], cache_control: { type: "ephemeral" } }] },
      ],
      system: [
        { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Available agent types: general." },
      ],
      tools: [{ name: "Bash", description: "Run", input_schema: { type: "object", properties: {} } }],
      thinking: { type: "adaptive" },
      output_config: { effort: "high" },
      metadata: { user_id: '{"session_id":"s"}' },
      stream: true,
      context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    });
  });
});
