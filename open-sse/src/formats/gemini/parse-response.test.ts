import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGeminiResponse } from "./parse-response";

describe("parseGeminiResponse", () => {
  it("reads a text answer whose text part carries the signature", () => {
    const response = parseGeminiResponse({
      candidates: [{ content: { parts: [{ text: "There are 3 r's.", thoughtSignature: "SIG" }], role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 28, totalTokenCount: 281, thoughtsTokenCount: 244 },
      modelVersion: "gemini-3-pro-preview",
      responseId: "Un6L",
    });
    assert.deepEqual(response, {
      id: "Un6L",
      model: "gemini-3-pro-preview",
      parts: [
        { type: "reasoning", text: "", signature: { format: "gemini", value: "SIG" } },
        { type: "text", text: "There are 3 r's." },
      ],
      finishReason: "stop",
      usage: { inputTokens: 9, outputTokens: 272, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 244 },
    });
  });

  it("reads a function call answer", () => {
    const response = parseGeminiResponse({
      candidates: [
        {
          content: { parts: [{ text: "Let me look.", thought: true }, { functionCall: { name: "weather", args: { location: "SF" } }, thoughtSignature: "FC" }], role: "model" },
          finishReason: "STOP",
          index: 0,
          finishMessage: "Model generated function call(s).",
        },
      ],
      responseId: "m36L",
    });
    assert.deepEqual(response.parts, [
      { type: "reasoning", text: "Let me look." },
      { type: "tool-call", id: "call_m36L_0", name: "weather", arguments: '{"location":"SF"}', signature: { format: "gemini", value: "FC" } },
    ]);
    assert.equal(response.finishReason, "tool-calls");
  });

  it("accepts the JSON-array form of streamGenerateContent", () => {
    const response = parseGeminiResponse([
      { candidates: [{ content: { parts: [{ text: "Hel" }], role: "model" }, index: 0 }] },
      { candidates: [{ content: { parts: [{ text: "lo" }], role: "model" }, finishReason: "MAX_TOKENS", index: 0 }] },
    ]);
    assert.deepEqual(response.parts, [{ type: "text", text: "Hello" }]);
    assert.equal(response.finishReason, "length");
  });

  it("reports an error body as an error finish", () => {
    const response = parseGeminiResponse({ error: { code: 500, message: "Internal error", status: "INTERNAL" } });
    assert.equal(response.finishReason, "error");
    assert.deepEqual(response.parts, []);
  });
});
