import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../core/canonical-request";
import { formatGeminiRequest } from "./format-request";
import { parseGeminiRequest } from "./parse-request";

describe("formatGeminiRequest", () => {
  it("writes a request from another client format, without the model", () => {
    const request: CanonicalRequest = {
      ...emptyCanonicalRequest("gemini/gemini-3-flash-preview"),
      system: [{ type: "text", text: "Be brief." }, { type: "text", text: "" }],
      messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
      tools: [{ type: "function", name: "ping", description: "Ping", parameters: { type: "object", properties: { host: { type: "string" } } } }],
      toolChoice: { type: "auto" },
      maxOutputTokens: 512,
      reasoning: { effort: "high" },
      stream: true,
    };
    assert.deepEqual(formatGeminiRequest(request, { model: "gemini-3-flash-preview" }), {
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      systemInstruction: { parts: [{ text: "Be brief." }] },
      tools: [{ functionDeclarations: [{ name: "ping", description: "Ping", parametersJsonSchema: { type: "object", properties: { host: { type: "string" } } } }] }],
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
      generationConfig: { maxOutputTokens: 512, thinkingConfig: { thinkingLevel: "HIGH", includeThoughts: true } },
    });
  });

  it("sends a Gemini client's request back equivalent to what it sent, Gemini-only fields included", () => {
    const body = {
      contents: [
        { role: "user", parts: [{ text: "look" }, { inlineData: { mimeType: "image/png", data: "AA" } }] },
        { role: "model", parts: [{ functionCall: { id: "f1", name: "glob", args: { pattern: "*.ts" } }, thoughtSignature: "SIG" }] },
        { role: "user", parts: [{ functionResponse: { id: "f1", name: "glob", response: { output: "a.ts" } } }] },
      ],
      systemInstruction: { parts: [{ text: "sys" }] },
      tools: [{ functionDeclarations: [{ name: "glob", parametersJsonSchema: { type: "object", properties: { pattern: { type: "string" } } } }] }, { googleSearch: {} }],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["glob"] } },
      safetySettings: [{ category: "HARM_CATEGORY_HATE_SPEECH", threshold: "OFF" }],
      generationConfig: { temperature: 1, topP: 0.95, topK: 64, responseModalities: ["TEXT"], thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } },
    };
    const canonical = parseGeminiRequest(body, { model: "gemini-2.5-pro", stream: true });
    assert.deepEqual(formatGeminiRequest(canonical, { model: "gemini-2.5-pro" }), body);
  });
});
