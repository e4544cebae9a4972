import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseAnthropicRequest } from "./parse-request";

/** The shape Claude Code 2.1 sends for a model it does not know (see CLI-TRAFFIC.md), trimmed. */
function claudeCodeBody(): Record<string, unknown> {
  return {
    model: "fx-model",
    max_tokens: 32000,
    stream: true,
    system: [
      { type: "text", text: "You are Claude Code." },
      { type: "text", text: "Tool rules.", cache_control: { type: "ephemeral" } },
    ],
    messages: [
      { role: "user", content: [{ type: "text", text: "<system-reminder>ctx</system-reminder>" }, { type: "text", text: "say hi", cache_control: { type: "ephemeral" } }] },
      { role: "system", content: "Available agent types: general." },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "No such tool", is_error: true, cache_control: { type: "ephemeral" } }] },
    ],
    tools: [{ name: "Bash", description: "Run", input_schema: { type: "object", properties: {} } }],
    metadata: { user_id: '{"device_id":"d1","account_uuid":"","session_id":"s1"}' },
    thinking: { type: "adaptive" },
    output_config: { effort: "high" },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
  };
}

function assertRejects(body: Record<string, unknown>, param: string) {
  assert.throws(
    () => parseAnthropicRequest(body, {}),
    (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param,
  );
}

describe("parseAnthropicRequest", () => {
  it("reads a Claude Code request", () => {
    const request = parseAnthropicRequest(claudeCodeBody(), {});
    assert.equal(request.model, "fx-model");
    assert.equal(request.maxOutputTokens, 32000);
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, false);
    assert.deepEqual(request.system, [
      { type: "text", text: "You are Claude Code." },
      { type: "text", text: "Tool rules.", cacheControl: { type: "ephemeral" } },
      { type: "text", text: "Available agent types: general." },
    ]);
    assert.deepEqual(
      request.messages.map((message) => [message.role, message.parts.map((part) => part.type)]),
      [
        ["user", ["text", "text"]],
        ["assistant", ["tool-call"]],
        ["user", ["tool-result"]],
      ],
    );
    assert.deepEqual(request.messages[2]?.parts[0], {
      type: "tool-result",
      toolCallId: "toolu_1",
      toolName: "Bash",
      content: [{ type: "text", text: "No such tool" }],
      isError: true,
      cacheControl: { type: "ephemeral" },
    });
    assert.equal(request.tools.length, 1);
    assert.deepEqual(request.reasoning, { mode: "adaptive", effort: "high" });
    assert.equal(request.metadata.userId, '{"device_id":"d1","account_uuid":"","session_id":"s1"}');
    assert.deepEqual(request.providerOptions, {
      "anthropic-messages": { context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] } },
    });
  });

  it("reads sampling settings, stop sequences and tool choice", () => {
    const request = parseAnthropicRequest(
      {
        model: "claude-sonnet-4-5",
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ["END"],
        tools: [{ name: "f", input_schema: { type: "object" } }],
        tool_choice: { type: "any", disable_parallel_tool_use: true },
      },
      {},
    );
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.equal(request.topK, 40);
    assert.deepEqual(request.stopSequences, ["END"]);
    assert.deepEqual(request.toolChoice, { type: "required" });
    assert.equal(request.parallelToolCalls, false);
    assert.equal(request.stream, false);
    assert.deepEqual(request.providerOptions, {});
  });

  it("keeps output_config keys other than effort and format as Anthropic-only", () => {
    const schema = { type: "object", properties: {}, additionalProperties: false };
    const request = parseAnthropicRequest(
      { model: "m", max_tokens: 10, messages: [{ role: "user", content: "x" }], output_config: { effort: "low", format: { type: "json_schema", schema }, task_budget: 5 }, service_tier: "auto" },
      {},
    );
    assert.deepEqual(request.responseFormat, { type: "json-schema", name: "response", schema });
    assert.deepEqual(request.reasoning, { effort: "low" });
    assert.deepEqual(request.providerOptions["anthropic-messages"], { service_tier: "auto", output_config: { task_budget: 5 } });
  });

  it("takes the model from the route when the body has none", () => {
    assert.equal(parseAnthropicRequest({ max_tokens: 5, messages: [{ role: "user", content: "x" }] }, { model: "from-path" }).model, "from-path");
  });

  it("requires max_tokens, as Anthropic does", () => {
    const body = claudeCodeBody();
    delete body.max_tokens;
    assert.throws(
      () => parseAnthropicRequest(body, {}),
      (error: unknown) => GatewayError.isInstance(error) && error.param === "max_tokens" && error.publicMessage.includes("max_tokens"),
    );
    assertRejects({ ...claudeCodeBody(), max_tokens: 0 }, "max_tokens");
  });

  it("rejects empty or malformed messages with the field path", () => {
    assertRejects({ ...claudeCodeBody(), messages: [] }, "messages");
    assertRejects({ ...claudeCodeBody(), messages: "hi" }, "messages");
    assertRejects({ ...claudeCodeBody(), messages: [{ role: "tool", content: "x" }] }, "messages.0.role");
    assertRejects({ ...claudeCodeBody(), messages: [{ role: "user" }] }, "messages.0.content");
    assertRejects({ ...claudeCodeBody(), messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages.0.content.0.text");
  });

  it("rejects mistyped scalar fields", () => {
    assertRejects({ ...claudeCodeBody(), temperature: "hot" }, "temperature");
    assertRejects({ ...claudeCodeBody(), stop_sequences: [1] }, "stop_sequences");
    assertRejects({ ...claudeCodeBody(), metadata: { user_id: 7 } }, "metadata.user_id");
    assertRejects({ ...claudeCodeBody(), stream: "yes" }, "stream");
    assertRejects({ ...claudeCodeBody(), system: 5 }, "system");
  });
});

describe("parseRequest: Claude Code's billing header", () => {
  it("leaves the x-anthropic-billing-header system block out of a translated request", () => {
    const request = parseAnthropicRequest(
      {
        model: "m",
        max_tokens: 10,
        system: [
          { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.197.a1b; cc_entrypoint=sdk-cli;" },
          { type: "text", text: "You are Claude Code." },
        ],
        messages: [{ role: "user", content: "hi" }],
      },
      {},
    );
    assert.deepEqual(request.system.map((part) => part.text), ["You are Claude Code."]);
  });
});
