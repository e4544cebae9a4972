import type { CanonicalRequest } from "../../core/canonical-request";
import type { UpstreamTarget } from "../wire-codec";
import { formatContents } from "./format-contents";
import { formatGenerationConfig } from "./format-generation-config";
import { formatToolConfig, formatTools } from "./format-tools";
import { isJsonObject, type JsonObject } from "../shared/json-fields";

/**
 * The body of a `generateContent` / `streamGenerateContent` call. The model is not in it: Gemini takes it in
 * the path (`/v1beta/models/{target.model}:…`), which the executor builds, as it adds `?alt=sse` for streams.
 * Gemini-only fields a Gemini client sent (`providerOptions.gemini`: safetySettings, cachedContent, …) are sent
 * back as they were; fields this codec writes take precedence over them.
 */
export function formatGeminiRequest(request: CanonicalRequest, target: UpstreamTarget): Record<string, unknown> {
  const { generationConfig: extraGeneration, toolConfig: extraToolConfig, ...extraTop } = request.providerOptions.gemini ?? {};
  const body: JsonObject = { ...extraTop, contents: formatContents(request.messages) };
  const system = request.system.filter((part) => part.text !== "");
  if (system.length > 0) body.systemInstruction = { parts: system.map((part) => ({ text: part.text })) };
  const tools = formatTools(request.tools);
  if (tools !== undefined) body.tools = tools;
  const toolConfig = { ...(isJsonObject(extraToolConfig) ? extraToolConfig : {}), ...formatToolConfig(request.toolChoice, request.tools) };
  if (Object.keys(toolConfig).length > 0) body.toolConfig = toolConfig;
  const generationConfig = formatGenerationConfig(request, target.model, extraGeneration);
  if (generationConfig !== undefined) body.generationConfig = generationConfig;
  return body;
}
