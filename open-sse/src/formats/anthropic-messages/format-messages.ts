import type { CanonicalMessage } from "../../core/canonical-request";
import { formatContentBlock } from "./format-content-blocks";
import type { JsonObject } from "../shared/json-fields";
import type { ToolIdMap } from "./tool-id-map";

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: JsonObject[];
}

/**
 * Canonical messages → Anthropic `messages`, in the shape Anthropic insists on:
 * - a message whose every part was dropped (blank text, foreign reasoning) is left out rather than sent empty;
 *   its neighbours then merge, so roles still alternate without inventing any content;
 * - consecutive messages of one role are merged into one (OpenAI's separate tool messages, Gemini's runs);
 * - in a user message the `tool_result` blocks come first, as Anthropic requires after a `tool_use` turn;
 * - a final assistant message (a prefill) must not end in whitespace, so its last text is trimmed at the end.
 */
export function formatMessages(messages: readonly CanonicalMessage[], toolIds: ToolIdMap): AnthropicMessage[] {
  const formatted: AnthropicMessage[] = [];
  for (const message of messages) {
    const content = message.parts.flatMap((part): JsonObject[] => {
      const block = formatContentBlock(part, toolIds);
      return block === undefined ? [] : [block];
    });
    if (content.length === 0) continue;
    const previous = formatted.at(-1);
    if (previous?.role === message.role) previous.content.push(...content);
    else formatted.push({ role: message.role, content });
  }
  for (const message of formatted) if (message.role === "user") message.content = toolResultsFirst(message.content);
  trimFinalAssistantText(formatted);
  return formatted;
}

function toolResultsFirst(content: JsonObject[]): JsonObject[] {
  const results = content.filter((block) => block.type === "tool_result");
  if (results.length === 0) return content;
  return [...results, ...content.filter((block) => block.type !== "tool_result")];
}

function trimFinalAssistantText(messages: AnthropicMessage[]): void {
  const last = messages.at(-1);
  if (last?.role !== "assistant") return;
  const block = last.content.at(-1);
  if (block?.type !== "text" || typeof block.text !== "string") return;
  const trimmed = block.text.trimEnd();
  if (trimmed !== "") {
    block.text = trimmed;
    return;
  }
  last.content.pop();
  if (last.content.length === 0) messages.pop();
}

/**
 * With thinking on, Anthropic requires the assistant turn that is continuing a tool loop to start with its
 * thinking block ("Expected `thinking` or `redacted_thinking`, but found `tool_use`"). When that turn came from
 * another provider (Claude → GPT → Claude) or its thinking was not Anthropic's, the block cannot be supplied,
 * so the caller turns thinking off for this request instead of sending one Anthropic would reject.
 */
export function lastAssistantCallsToolsWithoutThinking(messages: readonly AnthropicMessage[]): boolean {
  const lastAssistant = messages.findLast((message) => message.role === "assistant");
  if (lastAssistant === undefined || !lastAssistant.content.some((block) => block.type === "tool_use")) return false;
  const first = lastAssistant.content[0]?.type;
  return first !== "thinking" && first !== "redacted_thinking";
}
