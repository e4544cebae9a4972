import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseInputItems } from "./parse-input-items";

describe("parseInputItems", () => {
  it("turns a string into one user message", () => {
    assert.deepEqual(parseInputItems("hello"), { system: [], messages: [{ role: "user", parts: [{ type: "text", text: "hello" }] }] });
  });

  it("reads a Codex turn: developer items hoisted, a tool round trip grouped by role", () => {
    const parsed = parseInputItems([
      { type: "message", role: "developer", content: [{ type: "input_text", text: "rules 1" }] },
      { type: "message", role: "developer", content: [{ type: "input_text", text: "rules 2" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "<environment_context/>" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "spawn one" }] },
      { type: "reasoning", summary: [{ type: "summary_text", text: "Plan" }, { type: "summary_text", text: "Then act" }], encrypted_content: "gAAA" },
      { type: "function_call", call_id: "call_1", name: "spawn_agent", namespace: "multi_agent_v1", arguments: '{"message":"go"}' },
      { type: "function_call", call_id: "call_2", name: "shell", arguments: "" },
      { type: "function_call_output", call_id: "call_1", output: "spawned" },
      { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: "ok" }] },
      { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "x" } },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "done" }] },
      { role: "user", content: "thanks" },
    ]);
    assert.deepEqual(parsed.system, [{ type: "text", text: "rules 1" }, { type: "text", text: "rules 2" }]);
    assert.deepEqual(parsed.messages, [
      { role: "user", parts: [{ type: "text", text: "<environment_context/>" }, { type: "text", text: "spawn one" }] },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "Plan\n\nThen act", signature: { format: "openai-responses", value: "gAAA" } },
          { type: "tool-call", id: "call_1", name: "multi_agent_v1__spawn_agent", arguments: '{"message":"go"}' },
          { type: "tool-call", id: "call_2", name: "shell", arguments: "{}" },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "tool-result", toolCallId: "call_1", toolName: "multi_agent_v1__spawn_agent", content: [{ type: "text", text: "spawned" }] },
          { type: "tool-result", toolCallId: "call_2", toolName: "shell", content: [{ type: "text", text: "ok" }] },
        ],
      },
      { role: "assistant", parts: [{ type: "text", text: "done" }] },
      { role: "user", parts: [{ type: "text", text: "thanks" }] },
    ]);
  });

  it("reads back reasoning we wrapped for this client, keeping its issuer and item id", () => {
    const parsed = parseInputItems([
      { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "omr1.anthropic-messages.sig-abc" },
      { type: "reasoning", summary: [{ type: "summary_text", text: "no token" }], encrypted_content: "omr1.none." },
      { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "raw thoughts" }] },
      { type: "reasoning", summary: [] },
    ]);
    assert.deepEqual(parsed.messages, [
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "", signature: { format: "anthropic-messages", value: "sig-abc" }, itemId: "rs_1" },
          { type: "reasoning", text: "no token" },
          { type: "reasoning", text: "raw thoughts" },
        ],
      },
    ]);
  });

  it("reads the early Codex failure object as an error result", () => {
    const parsed = parseInputItems([{ type: "function_call_output", call_id: "c", output: { content: "denied", success: false } }]);
    assert.deepEqual(parsed.messages[0]?.parts[0], { type: "tool-result", toolCallId: "c", toolName: "", content: [{ type: "text", text: "denied" }], isError: true });
  });

  it("names a tool result's tool as empty when its call is not in the input", () => {
    const parsed = parseInputItems([{ type: "function_call_output", call_id: "call_9", output: "x" }]);
    assert.deepEqual(parsed.messages[0]?.parts[0], { type: "tool-result", toolCallId: "call_9", toolName: "", content: [{ type: "text", text: "x" }] });
  });

  it("rejects malformed items with the field path", () => {
    const cases: Array<[unknown, string]> = [
      [42, "input"],
      [[5], "input[0]"],
      [[{ type: "message", role: "tool", content: "x" }], "input[0].role"],
      [[{ type: "function_call", name: "f", arguments: "{}" }], "input[0].call_id"],
      [[{ type: "function_call", call_id: "c", arguments: "{}" }], "input[0].name"],
      [[{ type: "function_call_output", output: "x" }], "input[0].call_id"],
      [[{ type: "reasoning", summary: [], encrypted_content: 5 }], "input[0].encrypted_content"],
      [[{ content: "no type, no role" }], "input[0].type"],
    ];
    for (const [input, param] of cases) {
      assert.throws(() => parseInputItems(input), (error: unknown) => GatewayError.isInstance(error) && error.param === param, param);
    }
  });
});
