import { emptyCanonicalRequest, type CanonicalRequest, type TextPart } from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../wire-codec";
import { readField, unreadFields } from "./field-names";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseContents } from "./parse-contents";
import { parseGenerationConfig } from "./parse-generation-config";
import { parseToolConfig, parseTools } from "./parse-tools";

/** Top-level fields read into the canonical request; the rest (safetySettings, cachedContent, …) is Gemini-only. */
const READ_FIELDS: ReadonlySet<string> = new Set(["model", "contents", "systemInstruction", "tools", "toolConfig", "generationConfig"]);

/**
 * A Gemini `generateContent` / `streamGenerateContent` body as a canonical request. The model and streaming come
 * from the URL (`/v1beta/models/{model}:streamGenerateContent`); a `model` in the body is only a fallback.
 * Fields only Gemini understands are kept in `providerOptions.gemini`, with the same layout as the request
 * (`generationConfig.*` and `toolConfig.*` extras under those keys), for a Gemini upstream to send back.
 */
export function parseGeminiRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest {
  const request = emptyCanonicalRequest(modelOf(body, route));
  request.stream = route.stream ?? false;
  // Gemini streams always end with usageMetadata; a Gemini client expects it.
  request.includeUsage = true;
  request.system = parseSystemInstruction(readField(body, "systemInstruction"));
  request.messages = parseContents(body.contents);
  request.tools = parseTools(body.tools);
  const toolConfig = parseToolConfig(readField(body, "toolConfig"));
  if (toolConfig.toolChoice !== undefined) request.toolChoice = toolConfig.toolChoice;
  const generation = parseGenerationConfig(readField(body, "generationConfig"));
  Object.assign(request, generation.settings);

  const options: JsonObject = unreadFields(body, READ_FIELDS);
  if (Object.keys(generation.extra).length > 0) options.generationConfig = generation.extra;
  if (Object.keys(toolConfig.extra).length > 0) options.toolConfig = toolConfig.extra;
  if (Object.keys(options).length > 0) request.providerOptions.gemini = options;
  return request;
}

function modelOf(body: Record<string, unknown>, route: RequestRoute): string {
  const fromPath = route.model;
  if (fromPath !== undefined && fromPath !== "") return fromPath;
  const fromBody = body.model;
  if (typeof fromBody === "string" && fromBody !== "") return fromBody.startsWith("models/") ? fromBody.slice("models/".length) : fromBody;
  throw badRequest("missing_model", "model: name the model in the path, /v1beta/models/{model}:generateContent.", "model");
}

/** `systemInstruction` (a Content whose role is ignored, or a bare string) as system text parts. */
function parseSystemInstruction(instruction: unknown): TextPart[] {
  if (instruction === undefined || instruction === null) return [];
  if (typeof instruction === "string") return instruction === "" ? [] : [{ type: "text", text: instruction }];
  if (!isJsonObject(instruction)) throw invalidField("systemInstruction", "must be a Content object");
  const parts = instruction.parts;
  if (!Array.isArray(parts)) throw invalidField("systemInstruction.parts", "must be a list");
  const system: TextPart[] = [];
  parts.forEach((part: unknown, index) => {
    if (!isJsonObject(part)) throw invalidField(`systemInstruction.parts[${index}]`, "must be an object");
    if (part.text === undefined) return; // Gemini reads only text from system instructions
    if (typeof part.text !== "string") throw invalidField(`systemInstruction.parts[${index}].text`, "must be a string");
    if (part.text !== "") system.push({ type: "text", text: part.text });
  });
  return system;
}
