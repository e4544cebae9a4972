import type { CanonicalRequest } from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import { readField, unreadFields } from "./field-names";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { geminiSchemaToJsonSchema } from "./json-schema-to-gemini";
import { reasoningFromThinkingConfig } from "./parse-thinking-config";

type GenerationSettings = Pick<
  CanonicalRequest,
  | "temperature"
  | "topP"
  | "topK"
  | "maxOutputTokens"
  | "stopSequences"
  | "seed"
  | "presencePenalty"
  | "frequencyPenalty"
  | "responseFormat"
  | "reasoning"
>;

const NUMBER_FIELDS = ["temperature", "topP", "topK", "maxOutputTokens", "seed", "presencePenalty", "frequencyPenalty"] as const;
const INTEGER_FIELDS: ReadonlySet<string> = new Set(["topK", "maxOutputTokens", "seed"]);

/** The fields read here; anything else (responseModalities, speechConfig, mediaResolution, …) is Gemini-only. */
const READ_FIELDS: ReadonlySet<string> = new Set([
  ...NUMBER_FIELDS,
  "stopSequences",
  "candidateCount",
  "thinkingConfig",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
]);

/**
 * `generationConfig` as canonical settings, plus the fields only Gemini understands (kept for a Gemini
 * upstream). A JSON MIME type with a schema (`responseJsonSchema`, or the OpenAPI-style `responseSchema`) is
 * a JSON-schema response format; without one, a JSON-object format. Other MIME types (`text/x.enum`) have no
 * canonical form and stay Gemini-only, together with their schema.
 */
export function parseGenerationConfig(config: unknown): { settings: GenerationSettings; extra: JsonObject } {
  const settings: GenerationSettings = {};
  if (config === undefined || config === null) return { settings, extra: {} };
  if (!isJsonObject(config)) throw invalidField("generationConfig", "must be an object");
  const extra = unreadFields(config, READ_FIELDS);
  for (const field of NUMBER_FIELDS) {
    const value = readField(config, field);
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) throw invalidField(`generationConfig.${field}`, "must be a number");
    if (INTEGER_FIELDS.has(field) && !Number.isInteger(value)) throw invalidField(`generationConfig.${field}`, "must be an integer");
    settings[field] = value;
  }
  const stop = readField(config, "stopSequences");
  if (stop !== undefined && stop !== null) {
    if (!Array.isArray(stop) || stop.some((item) => typeof item !== "string")) throw invalidField("generationConfig.stopSequences", "must be a list of strings");
    if (stop.length > 0) settings.stopSequences = stop as string[];
  }
  const candidateCount = readField(config, "candidateCount");
  if (typeof candidateCount === "number" && candidateCount > 1) {
    throw badRequest("invalid_request", "generationConfig.candidateCount: only one candidate is served through this gateway.", "generationConfig.candidateCount");
  }
  const reasoning = reasoningFromThinkingConfig(readField(config, "thinkingConfig"), "generationConfig.thinkingConfig");
  if (reasoning !== undefined) settings.reasoning = reasoning;
  readResponseFormat(config, settings, extra);
  return { settings, extra };
}

function readResponseFormat(config: JsonObject, settings: GenerationSettings, extra: JsonObject): void {
  const mimeType = readField(config, "responseMimeType");
  const jsonSchema = readField(config, "responseJsonSchema");
  const openApiSchema = readField(config, "responseSchema");
  if (mimeType !== undefined && typeof mimeType !== "string") throw invalidField("generationConfig.responseMimeType", "must be a string");
  if (mimeType === "application/json") {
    const schema = jsonSchema ?? openApiSchema;
    if (schema === undefined || schema === null) settings.responseFormat = { type: "json-object" };
    else if (isJsonObject(schema)) settings.responseFormat = { type: "json-schema", name: "response", schema: geminiSchemaToJsonSchema(schema) };
    else throw invalidField(jsonSchema !== undefined ? "generationConfig.responseJsonSchema" : "generationConfig.responseSchema", "must be an object");
    return;
  }
  if (mimeType === undefined || mimeType === "text/plain") {
    if (mimeType === "text/plain") settings.responseFormat = { type: "text" };
    if (jsonSchema === undefined && openApiSchema === undefined) return;
  }
  // Another MIME type, or a schema without the JSON MIME type: only Gemini knows what to make of it.
  if (mimeType !== undefined) extra.responseMimeType = mimeType;
  if (jsonSchema !== undefined) extra.responseJsonSchema = jsonSchema;
  if (openApiSchema !== undefined) extra.responseSchema = openApiSchema;
}
