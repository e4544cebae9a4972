import type { CanonicalRequest } from "../../core/canonical-request";
import { formatThinkingConfig } from "./format-thinking-config";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { jsonSchemaToGemini } from "./json-schema-to-gemini";

/** Gemini accepts at most five stop sequences; more would fail the whole request. */
const MAX_STOP_SEQUENCES = 5;

/**
 * The request's sampling, output and thinking settings as `generationConfig`, over the Gemini-only fields a
 * Gemini client sent (`providerOptions.gemini.generationConfig`: responseModalities, speechConfig, …).
 * Undefined when there is nothing to say.
 */
export function formatGenerationConfig(request: CanonicalRequest, model: string, extra: unknown): JsonObject | undefined {
  const config: JsonObject = isJsonObject(extra) ? { ...extra } : {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) config.stopSequences = request.stopSequences.slice(0, MAX_STOP_SEQUENCES);
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === "json-object") config.responseMimeType = "application/json";
  if (format?.type === "json-schema") {
    config.responseMimeType = "application/json";
    config.responseJsonSchema = jsonSchemaToGemini(format.schema);
  }
  const thinking = formatThinkingConfig(request.reasoning, model);
  if (thinking !== undefined) config.thinkingConfig = thinking;
  return Object.keys(config).length > 0 ? config : undefined;
}
