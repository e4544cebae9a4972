import { SKIP_THOUGHT_SIGNATURE_VALIDATOR } from "../formats/gemini/thought-signature";
import { fieldOf } from "../formats/shared/json-fields";

/**
 * Two same-format repairs for conversations that earlier turns of another provider shaped (a Claude Code
 * session answered by GPT for a while, a Gemini SDK history with calls another model made). Each request would
 * be refused by its upstream as it stands; each repair touches only what the refusal is about, and only when
 * the byte search says the body can need it, so ordinary traffic still passes through byte for byte.
 */
const TOOL_USE_MARKER = Buffer.from('"tool_use"');
const FUNCTION_CALL_MARKER = Buffer.from('"functionCall"');


/**
 * Anthropic, thinking on: the last assistant turn of a tool loop must open with a thinking block (400
 * otherwise). When that turn came from another provider (its reasoning dropped as foreign, or it had none),
 * thinking is switched off for this request instead — the answer continues without extended thinking rather
 * than failing.
 */
export function disableThinkingForForeignToolTurn(bytes: Buffer, body: Record<string, unknown>): Record<string, unknown> {
  if (bytes.indexOf(TOOL_USE_MARKER) === -1) return body;
  const thinking = body.thinking as { type?: unknown } | undefined;
  if (typeof thinking !== "object" || thinking === null || (thinking.type !== "enabled" && thinking.type !== "adaptive")) return body;
  if (!continuesToolLoopWithoutThinking(body.messages)) return body;
  const { thinking: _switchedOff, ...rest } = body;
  return rest;
}

/**
 * True when the last assistant message calls tools and does not open with (redacted) thinking: turning thinking
 * on now would be refused ("Expected `thinking` or `redacted_thinking`, but found `tool_use`").
 */
export function continuesToolLoopWithoutThinking(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  const lastAssistant = messages.findLast((message: unknown) => fieldOf(message, "role") === "assistant") as unknown;
  const content = fieldOf(lastAssistant, "content");
  if (!Array.isArray(content) || !content.some((block) => fieldOf(block, "type") === "tool_use")) return false;
  const first = fieldOf(content[0], "type");
  return first !== "thinking" && first !== "redacted_thinking";
}

/**
 * Gemini 3 validates the thought signature of the first function call in each model turn (400 when missing).
 * A call another model made has none; Google documents a placeholder for exactly this, which every Gemini
 * model accepts (Gemini CLI sends it itself on every model, a plain SDK client does not; the Gemini translator
 * adds it too, so both paths agree).
 */
export function signUnsignedFunctionCalls(bytes: Buffer, body: Record<string, unknown>): Record<string, unknown> {
  if (bytes.indexOf(FUNCTION_CALL_MARKER) === -1) return body;
  const contents = body.contents;
  if (!Array.isArray(contents)) return body;
  let changed = false;
  const signed = contents.map((content: unknown) => {
    if (fieldOf(content, "role") !== "model") return content;
    const parts = fieldOf(content, "parts");
    if (!Array.isArray(parts)) return content;
    const firstCall = parts.findIndex((part) => fieldOf(part, "functionCall") !== undefined);
    if (firstCall === -1 || typeof fieldOf(parts[firstCall], "thoughtSignature") === "string") return content;
    changed = true;
    const nextParts = [...parts];
    nextParts[firstCall] = { ...(parts[firstCall] as object), thoughtSignature: SKIP_THOUGHT_SIGNATURE_VALIDATOR };
    return { ...(content as object), parts: nextParts };
  });
  return changed ? { ...body, contents: signed } : body;
}
