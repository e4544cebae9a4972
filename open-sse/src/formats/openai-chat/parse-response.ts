import { NO_USAGE } from "../../accounting/token-usage";
import type { ReasoningPart, TextPart, ToolCallPart } from "../../core/canonical-request";
import type { CanonicalResponse } from "../../core/canonical-response";
import { GatewayError } from "../../core/gateway-error";
import { splitThinkTags } from "../../core/think-tag-splitter";
import { finishReasonFromChat } from "./chat-finish-reason";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { readCompletionUsage } from "./read-completion-usage";

type OutputPart = TextPart | ReasoningPart | ToolCallPart;

/**
 * A `chat.completion` body → canonical response (first choice). Reasoning is read from `reasoning_content`
 * (DeepSeek, xAI, Qwen), `reasoning` (OpenRouter, Groq), Mistral's `thinking` content parts, or a leading
 * `<think>…</think>` in the text (models that inline it). Anything that is not a completion throws; the
 * caller answers 502 without showing the upstream body.
 */
export function parseChatResponse(body: unknown): CanonicalResponse {
  const choices = isJsonObject(body) ? body.choices : undefined;
  if (!isJsonObject(body) || !Array.isArray(choices)) throw notACompletion();
  const choice = choices.find((item) => isJsonObject(item) && (item.index === 0 || item.index === undefined)) ?? choices[0];
  if (!isJsonObject(choice)) throw notACompletion();
  const message = isJsonObject(choice.message) ? choice.message : {};

  const parts: OutputPart[] = [];
  const reasoning = typeof message.reasoning_content === "string" ? message.reasoning_content : message.reasoning;
  if (typeof reasoning === "string" && reasoning !== "") parts.push({ type: "reasoning", text: reasoning });
  parts.push(...contentParts(message.content));
  const toolCalls = toolCallParts(message, typeof body.id === "string" ? body.id : "");
  parts.push(...toolCalls);

  const response: CanonicalResponse = {
    parts,
    finishReason: finishReasonFromChat(choice.finish_reason, toolCalls.length > 0),
    usage: readCompletionUsage(body.usage) ?? NO_USAGE,
  };
  if (typeof body.id === "string" && body.id !== "") response.id = body.id;
  if (typeof body.model === "string" && body.model !== "") response.model = body.model;
  if (typeof message.refusal === "string" && message.refusal !== "") response.refusal = message.refusal;
  return response;
}

function contentParts(content: unknown): OutputPart[] {
  if (typeof content === "string") {
    return splitThinkTags(content).map((piece): OutputPart => (piece.type === "reasoning" ? { type: "reasoning", text: piece.text } : { type: "text", text: piece.text }));
  }
  if (!Array.isArray(content)) return [];
  // Content as parts: Mistral's reasoning models answer `[{type: "thinking", thinking: [{type: "text", …}]}, {type: "text", …}]`.
  return content.flatMap((item): OutputPart[] => {
    if (!isJsonObject(item)) return [];
    if (item.type === "text" && typeof item.text === "string" && item.text !== "") return [{ type: "text", text: item.text }];
    if (item.type === "thinking") {
      const text = nestedText(item.thinking);
      return text === "" ? [] : [{ type: "reasoning", text }];
    }
    return [];
  });
}

function nestedText(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return value.map((item) => (isJsonObject(item) && typeof item.text === "string" ? item.text : "")).join("");
}

function toolCallParts(message: JsonObject, responseId: string): ToolCallPart[] {
  const calls: ToolCallPart[] = [];
  const rawCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  rawCalls.forEach((raw, index) => {
    if (!isJsonObject(raw) || !isJsonObject(raw.function)) return;
    const name = raw.function.name;
    if (typeof name !== "string" || name === "") return;
    const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : fallbackCallId(responseId, index);
    calls.push({ type: "tool-call", id, name, arguments: argumentsText(raw.function.arguments) });
  });
  // Legacy `function_call` (answers to `functions`): one call without an id.
  const legacy = message.function_call;
  if (isJsonObject(legacy) && typeof legacy.name === "string" && legacy.name !== "") {
    calls.push({ type: "tool-call", id: fallbackCallId(responseId, calls.length), name: legacy.name, arguments: argumentsText(legacy.arguments) });
  }
  return calls;
}

/** A call id for providers that send none, unique per response so a later turn can answer it unambiguously. */
export function fallbackCallId(responseId: string, index: number): string {
  const safe = responseId.replace(/[^a-zA-Z0-9_-]/g, "");
  return safe === "" ? `call_${index}` : `call_${safe}_${index}`;
}

function argumentsText(value: unknown): string {
  if (typeof value === "string") return value === "" ? "{}" : value;
  if (isJsonObject(value)) return JSON.stringify(value);
  return "{}";
}

function notACompletion(): GatewayError {
  return new GatewayError({ code: "upstream_error", status: 502, publicMessage: "The upstream answer is not a chat completion." });
}
