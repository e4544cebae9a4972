import type { TokenUsage } from "../../accounting/token-usage";
import type { FinishReason } from "../../core/canonical-response";
import { isJsonObject, tryParseJson, type JsonObject } from "../shared/json-fields";

/** Ollama's `created_at`: an RFC 3339 time, here from the response context's epoch seconds (no clock read). */
export function ollamaTimestamp(createdAtSeconds: number): string {
  return new Date(createdAtSeconds * 1000).toISOString();
}

/** Ollama knows `stop` and `length` (a turn ending in tool calls is `stop` there too). */
export function ollamaDoneReason(reason: FinishReason | undefined): string {
  return reason === "length" ? "length" : "stop";
}

/**
 * The fields of Ollama's final object. Durations are 0 (the gateway does not time a local model), kept
 * because clients read them as numbers; token counts appear only when the upstream reported them (Ollama
 * itself omits counts it does not have).
 */
export function ollamaDoneFields(reason: FinishReason | undefined, usage: TokenUsage): JsonObject {
  const fields: JsonObject = { done: true, done_reason: ollamaDoneReason(reason), total_duration: 0, load_duration: 0 };
  if (usage.inputTokens !== null) fields.prompt_eval_count = usage.inputTokens;
  fields.prompt_eval_duration = 0;
  if (usage.outputTokens !== null) fields.eval_count = usage.outputTokens;
  fields.eval_duration = 0;
  return fields;
}

/**
 * A tool call as Ollama sends it: whole, with the arguments as an object. Arguments that are not a JSON
 * object (a call cut off by the token limit) become `{}`: Ollama clients decode them as an object.
 */
export function ollamaToolCall(call: { id: string; name: string; arguments: string }, index: number): JsonObject {
  const parsed = tryParseJson(call.arguments === "" ? "{}" : call.arguments);
  return { id: call.id, function: { index, name: call.name, arguments: isJsonObject(parsed) ? parsed : {} } };
}
