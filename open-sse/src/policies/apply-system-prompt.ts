import type { CanonicalRequest, TextPart } from "../core/canonical-request";
import type { SystemPromptPolicy, WireFormat } from "../ports";
import { fieldOf, isJsonObject } from "../formats/shared/json-fields";

/**
 * The global system prompt (`/api/settings/system-prompt`), added to every generation request.
 *
 * Two ways in, one per path through the handler:
 * - translated requests get it as a system part of the canonical request (`applySystemPromptToCanonical`);
 * - same-format passthrough gets a surgical edit of the client's own JSON (`applySystemPromptToBody`), so the
 *   rest of the body (thinking signatures, cache markers, fields we do not model) goes upstream untouched.
 *
 * Both return a new value and never mutate their input: the handler applies the prompt once per request, and
 * every retry or fallback target starts from the same result, so the prompt is never added twice.
 *
 * Prompt caching (Anthropic): the cache key is the exact prefix up to a `cache_control` breakpoint. Appending
 * puts the prompt after the client's own system blocks, so the client's cached prefix stays byte-identical and
 * keeps hitting; it is the position to choose when caching matters. Prepending changes that prefix: caches
 * written without the prompt (or with another text) miss once, and a client whose first system block has to
 * come first (Claude Code on a subscription token begins with its identity line) may be refused.
 */

/** Blank text is no policy: nothing is added anywhere. */
function effectiveText(policy: SystemPromptPolicy | undefined): string | undefined {
  if (policy === undefined || policy.text.trim() === "") return undefined;
  return policy.text;
}

/** A new canonical request with the prompt as the first or last system part (the input is not changed). */
export function applySystemPromptToCanonical(request: CanonicalRequest, policy: SystemPromptPolicy | undefined): CanonicalRequest {
  const text = effectiveText(policy);
  if (text === undefined || policy === undefined) return request;
  const part: TextPart = { type: "text", text };
  return { ...request, system: policy.position === "prepend" ? [part, ...request.system] : [...request.system, part] };
}

/**
 * The client's body with the prompt where its format keeps system instructions. Only the objects along the
 * edited path are copied; everything else is shared with the input. A body whose system field has a shape the
 * format does not allow is returned unchanged: the upstream answers it with its own 400, as it would directly.
 */
export function applySystemPromptToBody(format: WireFormat, body: Record<string, unknown>, policy: SystemPromptPolicy | undefined): Record<string, unknown> {
  const text = effectiveText(policy);
  if (text === undefined || policy === undefined) return body;
  switch (format) {
    case "openai-chat":
      return withChatSystemMessage(body, text, policy.position);
    case "openai-responses":
      return withResponsesInstructions(body, text, policy.position);
    case "anthropic-messages":
      return withAnthropicSystem(body, text, policy.position);
    case "gemini":
      return withGeminiSystemInstruction(body, text, policy.position);
    case "ollama":
      // Client-only: an Ollama request is always translated, so the canonical path adds the prompt.
      return body;
  }
}

/**
 * OpenAI Chat: a system message first (prepend), or right after the client's leading system/developer
 * messages (append), so it still reads as an instruction rather than part of the conversation. It takes the
 * role of the client's own leading message: a client that speaks `developer` (reasoning models) gets one.
 */
function withChatSystemMessage(body: Record<string, unknown>, text: string, position: SystemPromptPolicy["position"]): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  const leading = leadingInstructionCount(messages);
  const firstRole = leading > 0 ? (messages[0] as Record<string, unknown>).role : undefined;
  const message = { role: firstRole === "developer" ? "developer" : "system", content: text };
  const at = position === "prepend" ? 0 : leading;
  return { ...body, messages: [...messages.slice(0, at), message, ...messages.slice(at)] };
}

function leadingInstructionCount(messages: readonly unknown[]): number {
  let count = 0;
  while (count < messages.length) {
    const role = fieldOf(messages[count], "role");
    if (role !== "system" && role !== "developer") break;
    count++;
  }
  return count;
}

/** OpenAI Responses: `instructions`, joined to the client's own with a blank line (created when absent). */
function withResponsesInstructions(body: Record<string, unknown>, text: string, position: SystemPromptPolicy["position"]): Record<string, unknown> {
  const existing = body.instructions;
  if (existing === undefined || existing === null || existing === "") return { ...body, instructions: text };
  if (typeof existing !== "string") return body;
  return { ...body, instructions: position === "prepend" ? `${text}\n\n${existing}` : `${existing}\n\n${text}` };
}

/**
 * Anthropic Messages: `system` as a string or an array of blocks. The prompt becomes its own text block at the
 * start or the end; the client's blocks keep their content and their `cache_control` markers where they were
 * (a string system becomes one plain text block, which Anthropic reads the same way). An empty client string
 * is dropped rather than sent as an empty block, which Anthropic rejects.
 */
function withAnthropicSystem(body: Record<string, unknown>, text: string, position: SystemPromptPolicy["position"]): Record<string, unknown> {
  const existing = body.system;
  const block = { type: "text", text };
  let blocks: unknown[];
  if (existing === undefined || existing === null || existing === "") return { ...body, system: [block] };
  if (typeof existing === "string") blocks = [{ type: "text", text: existing }];
  else if (Array.isArray(existing)) blocks = existing;
  else return body;
  return { ...body, system: position === "prepend" ? [block, ...blocks] : [...blocks, block] };
}

/**
 * Gemini: a text part at the start or end of `systemInstruction.parts` (created as `{parts:[{text}]}` when
 * absent). The REST API also accepts the snake_case `system_instruction`; a client that used it gets its own
 * key edited, since sending both names would be a duplicate field.
 */
function withGeminiSystemInstruction(body: Record<string, unknown>, text: string, position: SystemPromptPolicy["position"]): Record<string, unknown> {
  const key = body.systemInstruction === undefined && body.system_instruction !== undefined ? "system_instruction" : "systemInstruction";
  const existing = body[key];
  const part = { text };
  if (existing === undefined || existing === null) return { ...body, [key]: { parts: [part] } };
  if (!isJsonObject(existing)) return body;
  const parts = existing.parts ?? [];
  if (!Array.isArray(parts)) return body;
  return { ...body, [key]: { ...existing, parts: position === "prepend" ? [part, ...parts] : [...parts, part] } };
}
