import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseGeminiRequest } from "./parse-request";

/** The shape of a Gemini CLI 0.61 first turn (CLI-TRAFFIC.md), cut down. */
const cliBody = {
  contents: [{ role: "user", parts: [{ text: "<session_context>…</session_context>" }, { text: "say hi" }] }],
  systemInstruction: { role: "user", parts: [{ text: "You are an interactive CLI agent." }] },
  tools: [
    {
      functionDeclarations: [
        {
          name: "list_directory",
          description: "Lists a directory.",
          parametersJsonSchema: { type: "object", properties: { dir_path: { type: "string" } }, required: ["dir_path"] },
        },
      ],
    },
  ],
  generationConfig: { temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true } },
};

describe("parseGeminiRequest", () => {
  it("reads a Gemini CLI request; model and streaming come from the URL", () => {
    const request = parseGeminiRequest(cliBody, { model: "mock-gemini/fx-text", stream: true });
    assert.equal(request.model, "mock-gemini/fx-text");
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, true);
    assert.deepEqual(request.system, [{ type: "text", text: "You are an interactive CLI agent." }]);
    assert.equal(request.messages.length, 1);
    assert.deepEqual(request.tools, [
      {
        type: "function",
        name: "list_directory",
        description: "Lists a directory.",
        parameters: { type: "object", properties: { dir_path: { type: "string" } }, required: ["dir_path"] },
      },
    ]);
    assert.equal(request.temperature, 1);
    assert.equal(request.topK, 64);
    assert.deepEqual(request.reasoning, { includeThoughts: true });
    assert.deepEqual(request.providerOptions, {});
  });

  it("defaults to non-streaming and takes a body model only as a fallback", () => {
    const request = parseGeminiRequest({ model: "models/gemini-2.5-flash", contents: [{ parts: [{ text: "x" }] }] }, {});
    assert.equal(request.model, "gemini-2.5-flash");
    assert.equal(request.stream, false);
    assert.throws(
      () => parseGeminiRequest({ contents: [] }, {}),
      (error: unknown) => GatewayError.isInstance(error) && error.code === "missing_model",
    );
  });

  it("keeps Gemini-only fields in providerOptions.gemini with the request's layout", () => {
    const request = parseGeminiRequest(
      {
        contents: [{ parts: [{ text: "x" }] }],
        safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
        cachedContent: "cachedContents/abc",
        generationConfig: { responseModalities: ["TEXT", "IMAGE"], speechConfig: { voiceConfig: {} } },
        toolConfig: { functionCallingConfig: { mode: "NONE" }, retrievalConfig: { latLng: { latitude: 1, longitude: 2 } } },
      },
      { model: "gemini-2.5-flash" },
    );
    assert.deepEqual(request.toolChoice, { type: "none" });
    assert.deepEqual(request.providerOptions.gemini, {
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
      cachedContent: "cachedContents/abc",
      generationConfig: { responseModalities: ["TEXT", "IMAGE"], speechConfig: { voiceConfig: {} } },
      toolConfig: { retrievalConfig: { latLng: { latitude: 1, longitude: 2 } } },
    });
  });

  it("reads snake_case bodies as Google's curl examples write them", () => {
    const request = parseGeminiRequest(
      {
        system_instruction: { parts: [{ text: "Be brief." }] },
        contents: [{ parts: [{ text: "hi" }] }],
        generation_config: { max_output_tokens: 10, thinking_config: { thinking_budget: 0 } },
      },
      { model: "gemini-2.5-flash" },
    );
    assert.deepEqual(request.system, [{ type: "text", text: "Be brief." }]);
    assert.equal(request.maxOutputTokens, 10);
    assert.deepEqual(request.reasoning, { mode: "disabled" });
  });

  it("accepts a bare-string system instruction and rejects a malformed one", () => {
    assert.deepEqual(parseGeminiRequest({ systemInstruction: "Be brief.", contents: [] }, { model: "m" }).system, [{ type: "text", text: "Be brief." }]);
    assert.throws(() => parseGeminiRequest({ systemInstruction: { parts: "x" }, contents: [] }, { model: "m" }), /systemInstruction\.parts/);
  });
});
