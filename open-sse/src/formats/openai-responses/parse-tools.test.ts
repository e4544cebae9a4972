import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseToolChoice, parseTools } from "./parse-tools";

describe("parseTools", () => {
  it("reads Codex's tool list: functions, a namespace (kept and flattened), web_search", () => {
    const namespace = {
      type: "namespace",
      name: "multi_agent_v1",
      description: "Sub-agents",
      tools: [
        { type: "function", name: "spawn_agent", description: "Spawn", parameters: { type: "object", properties: { message: { type: "string" } } }, strict: false },
        { type: "custom", name: "free_form" },
      ],
    };
    const webSearch = { type: "web_search", external_web_access: false };
    const tools = parseTools([
      { type: "function", name: "shell", description: "Run", parameters: { type: "object", properties: {} }, strict: true },
      { type: "function", name: "noop", parameters: null },
      namespace,
      webSearch,
    ]);
    assert.deepEqual(tools, [
      { type: "function", name: "shell", description: "Run", parameters: { type: "object", properties: {} }, strict: true },
      { type: "function", name: "noop", parameters: { type: "object", properties: {} } },
      { type: "native", format: "openai-responses", definition: namespace },
      { type: "function", name: "multi_agent_v1__spawn_agent", description: "Spawn", parameters: { type: "object", properties: { message: { type: "string" } } }, strict: false },
      { type: "native", format: "openai-responses", definition: webSearch },
    ]);
  });

  it("rejects malformed tools with the field path", () => {
    const cases: Array<[unknown, string]> = [
      [{}, "tools"],
      [[{ name: "x" }], "tools[0].type"],
      [[{ type: "function" }], "tools[0].name"],
      [[{ type: "function", name: "f", parameters: "x" }], "tools[0].parameters"],
      [[{ type: "namespace", tools: [] }], "tools[0].name"],
      [[{ type: "namespace", name: "n" }], "tools[0].tools"],
      [[{ type: "namespace", name: "n", tools: [{ type: "function" }] }], "tools[0].tools[0].name"],
    ];
    for (const [tools, param] of cases) {
      assert.throws(() => parseTools(tools), (error: unknown) => GatewayError.isInstance(error) && error.param === param, param);
    }
  });
});

describe("parseToolChoice", () => {
  it("maps the choices other formats can express", () => {
    assert.deepEqual(parseToolChoice(undefined), {});
    assert.deepEqual(parseToolChoice("required"), { toolChoice: { type: "required" } });
    assert.deepEqual(parseToolChoice({ type: "function", name: "shell" }), { toolChoice: { type: "tool", name: "shell" } });
    assert.deepEqual(parseToolChoice({ type: "function", name: "spawn_agent", namespace: "multi_agent_v1" }), { toolChoice: { type: "tool", name: "multi_agent_v1__spawn_agent" } });
  });

  it("keeps Responses-only choices verbatim for a Responses upstream", () => {
    const allowed = { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "a" }] };
    assert.deepEqual(parseToolChoice(allowed), { toolChoice: { type: "required" }, responsesOnly: allowed });
    assert.deepEqual(parseToolChoice({ type: "web_search_preview" }), { responsesOnly: { type: "web_search_preview" } });
  });

  it("rejects what is not a choice", () => {
    for (const [choice, param] of [["sometimes", "tool_choice"], [{ type: "function" }, "tool_choice.name"]] as const) {
      assert.throws(() => parseToolChoice(choice), (error: unknown) => GatewayError.isInstance(error) && error.param === param);
    }
  });
});
