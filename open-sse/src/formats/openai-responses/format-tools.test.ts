import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalTool } from "../../core/canonical-request";
import { formatTextFormat, formatToolChoice, formatTools } from "./format-tools";
import { namespacedNames } from "./tool-namespaces";

const namespace = { type: "namespace", name: "multi_agent_v1", description: "d", tools: [{ type: "function", name: "spawn_agent", parameters: { type: "object" } }] };
const tools: CanonicalTool[] = [
  { type: "function", name: "shell", description: "Run", parameters: { type: "object" }, strict: false },
  { type: "native", format: "openai-responses", definition: namespace },
  { type: "function", name: "multi_agent_v1__spawn_agent", parameters: { type: "object" } },
  { type: "native", format: "anthropic-messages", definition: { type: "web_search_20250305", name: "web_search" } },
  { type: "function", name: "read", parameters: { type: "object", properties: {} } },
];

describe("formatTools", () => {
  it("sends functions and own native tools, the namespace whole and not its flat copies", () => {
    assert.deepEqual(formatTools(tools, namespacedNames(tools)), [
      { type: "function", name: "shell", description: "Run", parameters: { type: "object" }, strict: false },
      namespace,
      { type: "function", name: "read", parameters: { type: "object", properties: {} } },
    ]);
  });

  it("sends the flat function when no namespace tool explains it", () => {
    const flatOnly: CanonicalTool[] = [{ type: "function", name: "multi_agent_v1__spawn_agent", parameters: {} }];
    assert.deepEqual(formatTools(flatOnly, namespacedNames(flatOnly)), [{ type: "function", name: "multi_agent_v1__spawn_agent", parameters: {} }]);
  });
});

describe("formatToolChoice / formatTextFormat", () => {
  it("writes choices and formats in Responses shape", () => {
    const names = namespacedNames(tools);
    assert.equal(formatToolChoice({ type: "required" }, names), "required");
    assert.deepEqual(formatToolChoice({ type: "tool", name: "shell" }, names), { type: "function", name: "shell" });
    assert.deepEqual(formatToolChoice({ type: "tool", name: "multi_agent_v1__spawn_agent" }, names), { type: "function", name: "spawn_agent", namespace: "multi_agent_v1" });
    assert.deepEqual(formatTextFormat({ type: "json-object" }), { type: "json_object" });
    assert.deepEqual(formatTextFormat({ type: "json-schema", name: "r", schema: { type: "object" }, strict: true }), { type: "json_schema", name: "r", schema: { type: "object" }, strict: true });
  });
});
