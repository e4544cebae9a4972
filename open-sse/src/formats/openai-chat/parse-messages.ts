import type { CanonicalMessage, ContentPart, TextPart, ToolCallPart, ToolResultPart } from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseAssistantContent, parseTextContent, parseToolContent, parseUserContent } from "./parse-content-parts";

export interface ParsedMessages {
  system: TextPart[];
  messages: CanonicalMessage[];
}

const ROLES = "system, developer, user, assistant, tool, function";

/**
 * OpenAI Chat `messages` → canonical system + messages.
 * - `system` and `developer` messages, wherever they stand, are hoisted into `system` in order.
 * - Tool results (`tool`, legacy `function`) become tool-result parts of a user message; consecutive ones
 *   share one message. Their tool name, which Gemini needs, is looked up from the assistant call they answer.
 * - Empty messages (no text, no calls) are dropped: they carry nothing and Anthropic rejects them.
 */
export function parseChatMessages(rawMessages: readonly unknown[]): ParsedMessages {
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  /** Legacy `function_call` ids by function name, oldest first, for the `function` messages answering them. */
  const legacyCalls = new Map<string, string[]>();
  let toolResults: CanonicalMessage | undefined;

  rawMessages.forEach((raw, index) => {
    const path = `messages[${index}]`;
    if (!isJsonObject(raw)) throw badRequest("invalid_request", `'${path}' must be a message object.`, path);
    const role = raw.role;
    if (role !== "tool" && role !== "function") toolResults = undefined;
    switch (role) {
      case "system":
      case "developer":
        system.push(...parseTextContent(raw.content, `${path}.content`));
        return;
      case "user": {
        const parts = parseUserContent(raw.content, `${path}.content`);
        if (parts.length > 0) messages.push({ role: "user", parts });
        return;
      }
      case "assistant": {
        const parts = parseAssistantMessage(raw, path, index, toolNames, legacyCalls);
        if (parts.length > 0) messages.push({ role: "assistant", parts });
        return;
      }
      case "tool":
      case "function": {
        const result = role === "tool" ? parseToolMessage(raw, path, toolNames) : parseFunctionMessage(raw, path, legacyCalls);
        if (toolResults === undefined) {
          toolResults = { role: "user", parts: [] };
          messages.push(toolResults);
        }
        toolResults.parts.push(result);
        return;
      }
      default: {
        const shown = typeof role === "string" ? `'${role}'` : "missing";
        throw badRequest("invalid_request", `'${path}.role' is ${shown}; expected one of: ${ROLES}.`, `${path}.role`);
      }
    }
  });
  return { system, messages };
}

function parseAssistantMessage(
  raw: JsonObject,
  path: string,
  index: number,
  toolNames: Map<string, string>,
  legacyCalls: Map<string, string[]>,
): ContentPart[] {
  const parts: ContentPart[] = [];
  // DeepSeek and xAI name it `reasoning_content`, OpenRouter and Groq `reasoning`; clients echo either back.
  const reasoning = typeof raw.reasoning_content === "string" ? raw.reasoning_content : raw.reasoning;
  if (typeof reasoning === "string" && reasoning !== "") parts.push({ type: "reasoning", text: reasoning });
  parts.push(...parseAssistantContent(raw.content, `${path}.content`));
  if (typeof raw.refusal === "string" && raw.refusal !== "") parts.push({ type: "text", text: raw.refusal });

  if (raw.tool_calls !== undefined && raw.tool_calls !== null) {
    if (!Array.isArray(raw.tool_calls)) throw badRequest("invalid_request", `'${path}.tool_calls' must be an array.`, `${path}.tool_calls`);
    raw.tool_calls.forEach((rawCall, callIndex) => {
      const call = parseToolCall(rawCall, `${path}.tool_calls[${callIndex}]`, `call_${index}_${callIndex}`);
      toolNames.set(call.id, call.name);
      parts.push(call);
    });
  }
  if (isJsonObject(raw.function_call)) {
    const callPath = `${path}.function_call`;
    const name = raw.function_call.name;
    if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `'${callPath}.name' must be a non-empty string.`, `${callPath}.name`);
    const id = `call_${index}_function`;
    legacyCalls.set(name, [...(legacyCalls.get(name) ?? []), id]);
    toolNames.set(id, name);
    parts.push({ type: "tool-call", id, name, arguments: argumentsText(raw.function_call.arguments, `${callPath}.arguments`) });
  }
  return parts;
}

function parseToolCall(raw: unknown, path: string, fallbackId: string): ToolCallPart {
  if (!isJsonObject(raw)) throw badRequest("invalid_request", `'${path}' must be a tool call object.`, path);
  if (raw.type !== undefined && raw.type !== "function") {
    // Custom (free-text) tool calls have no equivalent in the other formats.
    throw badRequest("invalid_request", `'${path}.type': only 'function' tool calls are supported.`, `${path}.type`);
  }
  const fn = raw.function;
  if (!isJsonObject(fn)) throw badRequest("invalid_request", `'${path}.function' must be an object.`, `${path}.function`);
  const name = fn.name;
  if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `'${path}.function.name' must be a non-empty string.`, `${path}.function.name`);
  // OpenAI requires an id; a client that omitted one gets a stable one, so formats that need ids stay valid.
  const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : fallbackId;
  return { type: "tool-call", id, name, arguments: argumentsText(fn.arguments, `${path}.function.arguments`) };
}

/** Arguments as JSON text: a string as sent ("{}" when empty), an object serialized (some clients send one). */
function argumentsText(value: unknown, path: string): string {
  if (value === undefined || value === null || value === "") return "{}";
  if (typeof value === "string") return value;
  if (isJsonObject(value)) return JSON.stringify(value);
  throw badRequest("invalid_request", `'${path}' must be a JSON string.`, path);
}

function parseToolMessage(raw: JsonObject, path: string, toolNames: ReadonlyMap<string, string>): ToolResultPart {
  const toolCallId = raw.tool_call_id;
  if (typeof toolCallId !== "string" || toolCallId === "") {
    throw badRequest("invalid_request", `'${path}.tool_call_id' must be a non-empty string.`, `${path}.tool_call_id`);
  }
  // Mistral-style clients also send the function `name` on tool messages: the fallback when the call is not
  // in the history (OpenAI itself rejects such a conversation, so does the gateway without a name).
  const toolName = toolNames.get(toolCallId) ?? (typeof raw.name === "string" && raw.name !== "" ? raw.name : undefined);
  if (toolName === undefined) {
    throw badRequest(
      "invalid_request",
      `'${path}.tool_call_id' ('${toolCallId}') does not answer any tool call of an earlier assistant message.`,
      `${path}.tool_call_id`,
    );
  }
  return { type: "tool-result", toolCallId, toolName, content: parseToolContent(raw.content, `${path}.content`) };
}

/** Legacy `{role: "function", name, content}`: answers the oldest unanswered `function_call` of that name. */
function parseFunctionMessage(raw: JsonObject, path: string, legacyCalls: Map<string, string[]>): ToolResultPart {
  const name = raw.name;
  if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `'${path}.name' must be a non-empty string.`, `${path}.name`);
  const pending = legacyCalls.get(name) ?? [];
  const toolCallId = pending.shift();
  if (toolCallId === undefined) {
    throw badRequest("invalid_request", `'${path}.name' ('${name}') does not answer any function_call of an earlier assistant message.`, `${path}.name`);
  }
  return { type: "tool-result", toolCallId, toolName: name, content: parseToolContent(raw.content, `${path}.content`) };
}
