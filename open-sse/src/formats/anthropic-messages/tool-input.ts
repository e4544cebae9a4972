import { isJsonObject, tryParseJson, type JsonObject } from "../shared/json-fields";

/**
 * Tool arguments (canonical JSON text) → Anthropic's `input` object. Arguments that are empty, not JSON, or
 * not an object (a model cut off mid-call) read as `{}`: the call and its result stay paired, which is what
 * the conversation needs, and Anthropic accepts nothing but an object.
 */
export function toolInputObject(argumentsText: string): JsonObject {
  const parsed = argumentsText.trim() === "" ? undefined : tryParseJson(argumentsText);
  return isJsonObject(parsed) ? parsed : {};
}
