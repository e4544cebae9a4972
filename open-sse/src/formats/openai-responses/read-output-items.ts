import type { OpaqueSignature, ReasoningPart, ToolCallPart } from "../../core/canonical-request";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { flatToolName } from "./tool-namespaces";

/**
 * Readers for the output items of a Responses answer, shared by the JSON and the stream parser (the stream
 * sees each item whole in `response.output_item.done`).
 */

/** The text of a `message` item's `output_text` parts, and of its `refusal` parts. */
export function messageTexts(item: JsonObject): { text: string; refusal: string } {
  let text = "";
  let refusal = "";
  for (const part of Array.isArray(item.content) ? item.content : []) {
    if (!isJsonObject(part)) continue;
    if (part.type === "output_text" && typeof part.text === "string") text += part.text;
    else if (part.type === "refusal" && typeof part.refusal === "string") refusal += part.refusal;
  }
  return { text, refusal };
}

/**
 * A `reasoning` item's readable text: its summary parts as paragraphs, or, when it has none (open models
 * through LM Studio or vLLM), its raw `reasoning_text` content.
 */
export function reasoningText(item: JsonObject): string {
  const summary = partTexts(item.summary, "summary_text");
  return summary !== "" ? summary : partTexts(item.content, "reasoning_text");
}

/** A reasoning item's `encrypted_content`, tagged as issued by the Responses API. */
export function reasoningSignature(item: JsonObject): OpaqueSignature | undefined {
  return typeof item.encrypted_content === "string" && item.encrypted_content !== ""
    ? { format: "openai-responses", value: item.encrypted_content }
    : undefined;
}

export function reasoningPart(item: JsonObject): ReasoningPart | undefined {
  const text = reasoningText(item);
  const signature = reasoningSignature(item);
  if (text === "" && signature === undefined) return undefined;
  const part: ReasoningPart = { type: "reasoning", text };
  if (signature !== undefined) part.signature = signature;
  if (typeof item.id === "string" && item.id !== "") part.itemId = item.id;
  return part;
}

/** A `function_call` item's canonical name: namespaced functions travel flat (tool-namespaces.ts). */
export function functionCallName(item: JsonObject): string {
  const name = typeof item.name === "string" ? item.name : "";
  return typeof item.namespace === "string" && item.namespace !== "" ? flatToolName(item.namespace, name) : name;
}

export function functionCallPart(item: JsonObject): ToolCallPart {
  const id = typeof item.call_id === "string" && item.call_id !== "" ? item.call_id : typeof item.id === "string" ? item.id : "";
  const args = typeof item.arguments === "string" && item.arguments !== "" ? item.arguments : "{}";
  return { type: "tool-call", id, name: functionCallName(item), arguments: args };
}

function partTexts(parts: unknown, type: string): string {
  if (!Array.isArray(parts)) return "";
  return parts
    .filter((part): part is JsonObject => isJsonObject(part) && part.type === type && typeof part.text === "string" && part.text !== "")
    .map((part) => part.text as string)
    .join("\n\n");
}
