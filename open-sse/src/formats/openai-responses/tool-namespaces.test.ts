import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalTool } from "../../core/canonical-request";
import { flatToolName, namespacedNames, splitToolName } from "./tool-namespaces";

const codexTools: CanonicalTool[] = [
  { type: "function", name: "shell", parameters: { type: "object" } },
  {
    type: "native",
    format: "openai-responses",
    definition: { type: "namespace", name: "multi_agent_v1", description: "agents", tools: [{ type: "function", name: "spawn_agent" }, { type: "custom", name: "free" }] },
  },
  { type: "native", format: "openai-responses", definition: { type: "namespace", name: "mcp__repl__", tools: [{ type: "function", name: "js" }] } },
  { type: "native", format: "anthropic-messages", definition: { type: "namespace", name: "foreign", tools: [{ type: "function", name: "x" }] } },
];

describe("tool namespaces", () => {
  it("joins with a double underscore, without doubling one the namespace already ends with", () => {
    assert.equal(flatToolName("multi_agent_v1", "spawn_agent"), "multi_agent_v1__spawn_agent");
    assert.equal(flatToolName("mcp__repl__", "js"), "mcp__repl__js");
  });

  it("maps only the request's own Responses namespace functions back", () => {
    const names = namespacedNames(codexTools);
    assert.deepEqual([...names.keys()], ["multi_agent_v1__spawn_agent", "mcp__repl__js"]);
    assert.deepEqual(splitToolName("multi_agent_v1__spawn_agent", names), { name: "spawn_agent", namespace: "multi_agent_v1" });
    assert.deepEqual(splitToolName("mcp__repl__js", names), { name: "js", namespace: "mcp__repl__" });
    assert.deepEqual(splitToolName("shell", names), { name: "shell" });
    // A flat-looking name nobody declared as namespaced stays flat.
    assert.deepEqual(splitToolName("foreign__x", names), { name: "foreign__x" });
  });

  it("knows nothing without a request", () => {
    assert.equal(namespacedNames(undefined).size, 0);
  });
});
