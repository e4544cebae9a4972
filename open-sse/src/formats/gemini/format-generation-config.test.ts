import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest } from "../../core/canonical-request";
import { formatGenerationConfig } from "./format-generation-config";

describe("formatGenerationConfig", () => {
  it("writes sampling, stop (at most five), response format and thinking", () => {
    const request = {
      ...emptyCanonicalRequest("gemini-2.5-flash"),
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 1000,
      stopSequences: ["a", "b", "c", "d", "e", "f"],
      seed: 1,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseFormat: { type: "json-schema" as const, name: "out", schema: { type: "object", properties: { n: { const: 1 } } } },
      reasoning: { effort: "low" as const },
    };
    assert.deepEqual(formatGenerationConfig(request, "gemini-2.5-flash", undefined), {
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 1000,
      stopSequences: ["a", "b", "c", "d", "e"],
      seed: 1,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object", properties: { n: { enum: [1] } } },
      thinkingConfig: { thinkingBudget: 4096, includeThoughts: true },
    });
  });

  it("merges Gemini-only fields under the canonical ones, and is undefined when empty", () => {
    const request = { ...emptyCanonicalRequest("m"), temperature: 1, responseFormat: { type: "json-object" as const } };
    assert.deepEqual(formatGenerationConfig(request, "m", { responseModalities: ["TEXT"], temperature: 0 }), {
      responseModalities: ["TEXT"],
      temperature: 1,
      responseMimeType: "application/json",
    });
    assert.equal(formatGenerationConfig(emptyCanonicalRequest("m"), "m", undefined), undefined);
  });
});
