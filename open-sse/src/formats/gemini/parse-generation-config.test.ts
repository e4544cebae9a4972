import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseGenerationConfig } from "./parse-generation-config";

describe("parseGenerationConfig", () => {
  it("reads Gemini CLI's generationConfig", () => {
    assert.deepEqual(parseGenerationConfig({ temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } }), {
      settings: { temperature: 1, topP: 0.95, topK: 64, reasoning: { includeThoughts: true, effort: "high", mode: "enabled" } },
      extra: {},
    });
  });

  it("reads sampling fields in either spelling and keeps Gemini-only fields", () => {
    const { settings, extra } = parseGenerationConfig({
      max_output_tokens: 256,
      stopSequences: ["END"],
      seed: 7,
      presencePenalty: 0.5,
      frequency_penalty: 0.25,
      responseModalities: ["TEXT"],
      media_resolution: "MEDIA_RESOLUTION_LOW",
      candidateCount: 1,
    });
    assert.deepEqual(settings, { maxOutputTokens: 256, stopSequences: ["END"], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25 });
    assert.deepEqual(extra, { responseModalities: ["TEXT"], media_resolution: "MEDIA_RESOLUTION_LOW" });
  });

  it("reads JSON response formats from either schema field", () => {
    assert.deepEqual(parseGenerationConfig({ responseMimeType: "application/json" }).settings.responseFormat, { type: "json-object" });
    assert.deepEqual(
      parseGenerationConfig({
        responseMimeType: "application/json",
        responseJsonSchema: { type: "OBJECT", properties: { complexity_score: { type: "INTEGER" } } },
      }).settings.responseFormat,
      { type: "json-schema", name: "response", schema: { type: "object", properties: { complexity_score: { type: "integer" } } } },
    );
    assert.deepEqual(
      parseGenerationConfig({ response_mime_type: "application/json", response_schema: { type: "ARRAY", items: { type: "STRING" } } }).settings.responseFormat,
      { type: "json-schema", name: "response", schema: { type: "array", items: { type: "string" } } },
    );
  });

  it("keeps enum MIME types for Gemini only", () => {
    const { settings, extra } = parseGenerationConfig({ responseMimeType: "text/x.enum", responseSchema: { type: "STRING", enum: ["a", "b"] } });
    assert.equal(settings.responseFormat, undefined);
    assert.deepEqual(extra, { responseMimeType: "text/x.enum", responseSchema: { type: "STRING", enum: ["a", "b"] } });
  });

  it("rejects more than one candidate and wrong types", () => {
    assert.throws(
      () => parseGenerationConfig({ candidateCount: 2 }),
      (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === "generationConfig.candidateCount",
    );
    assert.throws(() => parseGenerationConfig({ temperature: "hot" }), /generationConfig\.temperature/);
    assert.throws(() => parseGenerationConfig({ maxOutputTokens: 1.5 }), /must be an integer/);
    assert.throws(() => parseGenerationConfig({ stopSequences: "END" }), /stopSequences/);
  });
});
