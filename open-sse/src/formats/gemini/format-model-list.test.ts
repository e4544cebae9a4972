import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatGeminiModel, formatGeminiModelList } from "./format-model-list";

describe("formatGeminiModelList", () => {
  it("lists models as GET /v1beta/models does", () => {
    assert.deepEqual(formatGeminiModelList([{ name: "gemini-2.5-pro", displayName: "Gemini 2.5 Pro", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 }, { name: "openai/gpt-4o" }]), {
      models: [
        {
          name: "models/gemini-2.5-pro",
          version: "2.5",
          displayName: "Gemini 2.5 Pro",
          inputTokenLimit: 1_048_576,
          outputTokenLimit: 65_536,
          supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
        },
        {
          name: "models/openai/gpt-4o",
          version: "001",
          displayName: "openai/gpt-4o",
          supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens"],
        },
      ],
    });
  });
});

describe("formatGeminiModel", () => {
  it("accepts a models/ prefix and reads dotted versions only", () => {
    assert.equal(formatGeminiModel({ name: "models/gemini-3.1-pro-preview" }).name, "models/gemini-3.1-pro-preview");
    assert.equal(formatGeminiModel({ name: "gemini-3.1-pro-preview" }).version, "3.1");
    assert.equal(formatGeminiModel({ name: "cc/claude-sonnet-4-5" }).version, "001");
    assert.equal(formatGeminiModel({ name: "my-stack" }).displayName, "my-stack");
  });
});
