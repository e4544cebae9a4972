import type { ReasoningPart, TextPart, ToolCallPart } from "../../core/canonical-request";
import type { CanonicalResponse } from "../../core/canonical-response";
import { wrapSignature } from "../../core/signature-envelope";
import type { ResponseContext } from "../wire-codec";
import { formatAnthropicUsage } from "./anthropic-usage";
import type { JsonObject } from "../shared/json-fields";
import { stopReasonOf } from "./map-stop-reason";
import { toolInputObject } from "./tool-input";

/** The message id a client sees: derived from our request id, whatever upstream answered. */
export function anthropicMessageId(requestId: string): string {
  return `msg_${requestId}`;
}

/**
 * The canonical response → an Anthropic `message` body. Reasoning becomes `thinking` blocks whose signature
 * is wrapped with its origin (core/signature-envelope.ts), so a reply that hops back to the issuing provider
 * can be recognised; empty text is left out; a refusal message is shown as text.
 */
export function formatAnthropicResponse(response: CanonicalResponse, context: ResponseContext): Record<string, unknown> {
  const content: JsonObject[] = [];
  for (const part of response.parts) {
    // A signature with no thinking text after the answer began (Gemini signs its last text part) would be a
    // trailing empty thinking block, which Claude Code would print as the answer; the stream formatter agrees.
    const answerBegun = content.some((block) => block.type === "text" || block.type === "tool_use");
    if (part.type === "reasoning" && part.text === "" && part.redacted !== true && answerBegun) continue;
    content.push(...responseBlock(part));
  }
  if (response.refusal !== undefined && response.refusal !== "") content.push({ type: "text", text: response.refusal });
  const hasToolCalls = response.parts.some((part) => part.type === "tool-call");
  return {
    id: anthropicMessageId(context.requestId),
    type: "message",
    role: "assistant",
    model: context.model,
    content,
    stop_reason: stopReasonOf(response.finishReason, hasToolCalls),
    stop_sequence: response.stopSequence ?? null,
    usage: formatAnthropicUsage(response.usage),
  };
}

function responseBlock(part: TextPart | ReasoningPart | ToolCallPart): JsonObject[] {
  switch (part.type) {
    case "text":
      return part.text === "" ? [] : [{ type: "text", text: part.text }];
    case "reasoning":
      return reasoningBlock(part);
    case "tool-call":
      return [{ type: "tool_use", id: part.id, name: part.name, input: toolInputObject(part.arguments) }];
  }
}

/**
 * Redacted reasoning carries only its token; reasoning with neither text nor token says nothing and is left
 * out. Reasoning with a token but no text (encrypted reasoning without a summary) is kept so the client
 * sends the token back.
 */
function reasoningBlock(part: ReasoningPart): JsonObject[] {
  if (part.redacted === true) {
    return part.signature === undefined ? [] : [{ type: "redacted_thinking", data: wrapSignature(part.signature, "anthropic-messages") }];
  }
  if (part.text === "" && part.signature === undefined) return [];
  return [{ type: "thinking", thinking: part.text, signature: wrapSignature(part.signature, "anthropic-messages") }];
}
