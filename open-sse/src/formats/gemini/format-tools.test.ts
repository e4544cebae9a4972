import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalTool } from "../../core/canonical-request";
import { formatToolConfig, formatTools } from "./format-tools";

const tools: CanonicalTool[] = [
  {
    type: "function",
    name: "edit",
    description: "Edit a file",
    parameters: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { path: { $ref: "#/$defs/Path" }, encoding: { type: ["string", "null"] } },
      required: ["path"],
      additionalProperties: false,
      $defs: { Path: { type: "string", minLength: 1 } },
    },
  },
  { type: "function", name: "now", parameters: { type: "object", properties: {} } },
  { type: "native", format: "gemini", definition: { googleSearch: {} } },
  { type: "native", format: "openai-responses", definition: { type: "web_search" } },
];

describe("formatTools", () => {
  it("declares functions with parametersJsonSchema and keeps Gemini's own tools", () => {
    assert.deepEqual(formatTools(tools), [
      {
        functionDeclarations: [
          {
            name: "edit",
            description: "Edit a file",
            parametersJsonSchema: {
              type: "object",
              properties: { path: { type: "string", minLength: 1 }, encoding: { type: ["string", "null"] } },
              required: ["path"],
              additionalProperties: false,
            },
          },
          { name: "now" },
        ],
      },
      { googleSearch: {} },
    ]);
  });

  it("is undefined without tools Gemini can run", () => {
    assert.equal(formatTools([]), undefined);
    assert.equal(formatTools([{ type: "native", format: "anthropic-messages", definition: { type: "web_search_20250305" } }]), undefined);
  });
});

describe("formatToolConfig", () => {
  it("maps tool choices to modes", () => {
    assert.deepEqual(formatToolConfig({ type: "auto" }, tools), { functionCallingConfig: { mode: "AUTO" } });
    assert.deepEqual(formatToolConfig({ type: "none" }, tools), { functionCallingConfig: { mode: "NONE" } });
    assert.deepEqual(formatToolConfig({ type: "required" }, tools), { functionCallingConfig: { mode: "ANY" } });
    assert.deepEqual(formatToolConfig({ type: "tool", name: "edit" }, tools), { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["edit"] } });
  });

  it("says nothing without a choice or without functions", () => {
    assert.equal(formatToolConfig(undefined, tools), undefined);
    assert.equal(formatToolConfig({ type: "required" }, []), undefined);
  });
});
