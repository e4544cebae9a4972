import type { CanonicalResponse } from "../../core/canonical-response";
import type { JsonObject } from "../shared/json-fields";
import type { ResponseContext } from "../wire-codec";
import { ollamaDoneFields, ollamaTimestamp, ollamaToolCall } from "./ollama-response-fields";

/**
 * Canonical response → the single object of a non-streaming Ollama `/api/chat` answer. A refusal is what
 * the model said, so it is shown as content (Ollama has no refusal field).
 */
export function formatOllamaResponse(response: CanonicalResponse, context: ResponseContext): JsonObject {
  let content = "";
  let thinking = "";
  const toolCalls: JsonObject[] = [];
  for (const part of response.parts) {
    if (part.type === "text") content += part.text;
    else if (part.type === "reasoning") thinking += part.text;
    else toolCalls.push(ollamaToolCall(part, toolCalls.length));
  }
  if (response.refusal !== undefined && response.refusal !== "") content += content === "" ? response.refusal : `\n\n${response.refusal}`;
  const message: JsonObject = { role: "assistant", content };
  if (thinking !== "") message.thinking = thinking;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    model: context.model,
    created_at: ollamaTimestamp(context.createdAt),
    message,
    ...ollamaDoneFields(response.finishReason, response.usage),
  };
}
