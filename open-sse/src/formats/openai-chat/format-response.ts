import type { CanonicalResponse } from "../../core/canonical-response";
import type { ResponseContext } from "../wire-codec";
import { chatFinishReason } from "./chat-finish-reason";
import { chatUsageBody } from "./chat-usage-body";
import type { JsonObject } from "../shared/json-fields";

/**
 * Canonical response → `chat.completion` for a client. Text parts join without a separator (what the
 * client would have received streaming), reasoning goes in `reasoning_content`, tool calls keep their
 * upstream ids. The id derives from the request id, never from the upstream's.
 */
export function formatChatResponse(response: CanonicalResponse, context: ResponseContext): JsonObject {
  let text = "";
  let reasoning = "";
  const toolCalls: JsonObject[] = [];
  for (const part of response.parts) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") reasoning += part.text;
    else toolCalls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments === "" ? "{}" : part.arguments } });
  }
  const refusal = response.refusal !== undefined && response.refusal !== "" ? response.refusal : null;
  // OpenAI answers `content: null` when the turn is only tool calls or a refusal.
  const message: JsonObject = { role: "assistant", content: text === "" && (toolCalls.length > 0 || refusal !== null) ? null : text, refusal };
  if (reasoning !== "") message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  const body: JsonObject = {
    id: `chatcmpl-${context.requestId}`,
    object: "chat.completion",
    created: context.createdAt,
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: chatFinishReason(response.finishReason) }],
  };
  const usage = chatUsageBody(response.usage);
  if (usage !== undefined) body.usage = usage;
  return body;
}
