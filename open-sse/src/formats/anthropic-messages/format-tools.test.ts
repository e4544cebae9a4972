import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../core/canonical-request";
import { formatToolChoice, formatTools, isForcedToolChoice } from "./format-tools";

function requestWith(changes: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("m"), ...changes };
}

describe("formatTools", () => {
  it("writes function tools as custom tools and keeps only Anthropic's native tools", () => {
    const tools = formatTools([
      { type: "function", name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true, cacheControl: { type: "ephemeral" } },
      { type: "function", name: "ping", parameters: {} },
      { type: "native", format: "anthropic-messages", definition: { type: "web_search_20250305", name: "web_search" } },
      { type: "native", format: "openai-responses", definition: { type: "web_search" } },
    ]);
    assert.deepEqual(tools, [
      { name: "get_weather", description: "Weather", input_schema: { type: "object", properties: { city: { type: "string" } } }, strict: true, cache_control: { type: "ephemeral" } },
      { name: "ping", input_schema: { type: "object" } },
      { type: "web_search_20250305", name: "web_search" },
    ]);
  });
});

describe("formatToolChoice", () => {
  it("maps required → any, a named tool → tool, none → none", () => {
    assert.deepEqual(formatToolChoice(requestWith({ toolChoice: { type: "required" } }), true), { type: "any" });
    assert.deepEqual(formatToolChoice(requestWith({ toolChoice: { type: "tool", name: "f" } }), true), { type: "tool", name: "f" });
    assert.deepEqual(formatToolChoice(requestWith({ toolChoice: { type: "none" } }), true), { type: "none" });
    assert.deepEqual(formatToolChoice(requestWith({ toolChoice: { type: "auto" } }), true), { type: "auto" });
  });

  it("writes parallelToolCalls false as disable_parallel_tool_use, on auto when no choice was named", () => {
    assert.deepEqual(formatToolChoice(requestWith({ parallelToolCalls: false }), true), { type: "auto", disable_parallel_tool_use: true });
    assert.deepEqual(formatToolChoice(requestWith({ toolChoice: { type: "required" }, parallelToolCalls: false }), true), { type: "any", disable_parallel_tool_use: true });
    assert.equal(formatToolChoice(requestWith({}), true), undefined);
  });

  it("writes no tool choice without tools", () => {
    assert.equal(formatToolChoice(requestWith({ toolChoice: { type: "required" } }), false), undefined);
  });

  it("knows which choices force a tool", () => {
    assert.equal(isForcedToolChoice(requestWith({ toolChoice: { type: "required" } })), true);
    assert.equal(isForcedToolChoice(requestWith({ toolChoice: { type: "tool", name: "f" } })), true);
    assert.equal(isForcedToolChoice(requestWith({ toolChoice: { type: "auto" } })), false);
  });
});
