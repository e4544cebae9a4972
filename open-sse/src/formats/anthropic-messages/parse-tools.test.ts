import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseToolChoice, parseTools } from "./parse-tools";

const schema = { type: "object", properties: { command: { type: "string" } }, required: ["command"] };

describe("parseTools", () => {
  it("reads custom tools (type absent or 'custom') as function tools", () => {
    const tools = parseTools([
      { name: "Bash", description: "Run a command", input_schema: schema, cache_control: { type: "ephemeral" } },
      { type: "custom", name: "Strict", input_schema: schema, strict: true },
    ]);
    assert.deepEqual(tools, [
      { type: "function", name: "Bash", description: "Run a command", parameters: schema, cacheControl: { type: "ephemeral" } },
      { type: "function", name: "Strict", parameters: schema, strict: true },
    ]);
  });

  it("keeps Anthropic-defined tools native, never as functions", () => {
    const webSearch = { type: "web_search_20250305", name: "web_search", max_uses: 3 };
    const bash = { type: "bash_20250124", name: "bash" };
    assert.deepEqual(parseTools([webSearch, bash]), [
      { type: "native", format: "anthropic-messages", definition: webSearch },
      { type: "native", format: "anthropic-messages", definition: bash },
    ]);
  });

  it("reads absent tools as none and rejects malformed ones by path", () => {
    assert.deepEqual(parseTools(undefined), []);
    assert.throws(() => parseTools({}), (error: unknown) => GatewayError.isInstance(error) && error.param === "tools");
    assert.throws(() => parseTools([{ name: "x" }]), (error: unknown) => GatewayError.isInstance(error) && error.param === "tools.0.input_schema");
    assert.throws(() => parseTools([{ input_schema: schema }]), (error: unknown) => GatewayError.isInstance(error) && error.param === "tools.0.name");
  });
});

describe("parseToolChoice", () => {
  it("maps auto / any / tool / none", () => {
    assert.deepEqual(parseToolChoice({ type: "auto" }), { toolChoice: { type: "auto" } });
    assert.deepEqual(parseToolChoice({ type: "any" }), { toolChoice: { type: "required" } });
    assert.deepEqual(parseToolChoice({ type: "tool", name: "Bash" }), { toolChoice: { type: "tool", name: "Bash" } });
    assert.deepEqual(parseToolChoice({ type: "none" }), { toolChoice: { type: "none" } });
    assert.deepEqual(parseToolChoice(undefined), {});
  });

  it("reads disable_parallel_tool_use as parallelToolCalls false", () => {
    assert.deepEqual(parseToolChoice({ type: "auto", disable_parallel_tool_use: true }), { toolChoice: { type: "auto" }, parallelToolCalls: false });
  });

  it("rejects an unknown type or a tool choice without a name", () => {
    assert.throws(() => parseToolChoice({ type: "sometimes" }), (error: unknown) => GatewayError.isInstance(error) && error.param === "tool_choice.type");
    assert.throws(() => parseToolChoice({ type: "tool" }), (error: unknown) => GatewayError.isInstance(error) && error.param === "tool_choice.name");
  });
});
