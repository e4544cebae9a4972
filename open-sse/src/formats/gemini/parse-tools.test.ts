import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseToolConfig, parseTools } from "./parse-tools";

describe("parseTools", () => {
  it("reads parametersJsonSchema (Gemini CLI) and OpenAPI parameters; other tools stay native", () => {
    const tools = parseTools([
      {
        functionDeclarations: [
          {
            name: "read_file",
            description: "Reads a file",
            parametersJsonSchema: { type: "object", properties: { path: { type: "string" }, offset: { type: "integer", minimum: 0 } }, required: ["path"] },
          },
          { name: "get_time", parameters: { type: "OBJECT", properties: { zone: { type: "STRING", nullable: true } } } },
          { name: "ping" },
        ],
      },
      { googleSearch: {} },
      { codeExecution: {}, url_context: {} },
    ]);
    assert.deepEqual(tools, [
      {
        type: "function",
        name: "read_file",
        description: "Reads a file",
        parameters: { type: "object", properties: { path: { type: "string" }, offset: { type: "integer", minimum: 0 } }, required: ["path"] },
      },
      { type: "function", name: "get_time", parameters: { type: "object", properties: { zone: { type: ["string", "null"] } } } },
      { type: "function", name: "ping", parameters: { type: "object", properties: {} } },
      { type: "native", format: "gemini", definition: { googleSearch: {} } },
      { type: "native", format: "gemini", definition: { codeExecution: {} } },
      { type: "native", format: "gemini", definition: { url_context: {} } },
    ]);
  });

  it("rejects declarations without a name", () => {
    assert.throws(() => parseTools([{ functionDeclarations: [{ description: "x" }] }]), /tools\[0\]\.functionDeclarations\[0\]\.name/);
    assert.throws(() => parseTools({}), /tools: must be a list/);
  });
});

describe("parseToolConfig", () => {
  it("maps modes to tool choices", () => {
    assert.deepEqual(parseToolConfig({ functionCallingConfig: { mode: "AUTO" } }).toolChoice, { type: "auto" });
    assert.deepEqual(parseToolConfig({ functionCallingConfig: { mode: "NONE" } }).toolChoice, { type: "none" });
    assert.deepEqual(parseToolConfig({ functionCallingConfig: { mode: "ANY" } }).toolChoice, { type: "required" });
    assert.deepEqual(parseToolConfig({ function_calling_config: { mode: "ANY", allowed_function_names: ["read_file"] } }).toolChoice, {
      type: "tool",
      name: "read_file",
    });
    assert.deepEqual(parseToolConfig({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["a", "b"] } }).toolChoice, { type: "required" });
    assert.deepEqual(parseToolConfig({ functionCallingConfig: { mode: "VALIDATED" } }).toolChoice, { type: "auto" });
    assert.equal(parseToolConfig(undefined).toolChoice, undefined);
  });

  it("keeps other toolConfig fields and rejects unknown modes", () => {
    assert.deepEqual(parseToolConfig({ retrievalConfig: { languageCode: "en" } }), { extra: { retrievalConfig: { languageCode: "en" } } });
    assert.throws(() => parseToolConfig({ functionCallingConfig: { mode: "SOMETIMES" } }), /functionCallingConfig\.mode/);
  });
});
