import type { CanonicalMessage, ContentPart, ReasoningPart, TextPart, ToolCallPart } from "../../core/canonical-request";
import { unwrapSignature } from "../../core/signature-envelope";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseAssistantContent, parseSystemContent, parseToolOutput, parseUserContent } from "./parse-input-content";
import { flatToolName } from "./tool-namespaces";

export interface ParsedInput {
  /** `system` and `developer` messages, in order (hoisted wherever they stood). */
  system: TextPart[];
  messages: CanonicalMessage[];
}

/**
 * Responses `input` (a string, or a list of items) → canonical messages. Items of one role that follow each
 * other become one message: a turn's reasoning, text and function calls are one assistant message, and its
 * `function_call_output`s one user message, which is the shape Anthropic and Gemini require.
 *
 * Dropped items, and why: this parse only feeds translation (same-format traffic is byte passthrough), and
 * no other provider can use them —
 * - `web_search_call`, `file_search_call`, `code_interpreter_call`, `image_generation_call`, `mcp_*`: calls
 *   the Responses server ran itself; their results already shaped the assistant text that follows.
 * - `custom_tool_call` / `custom_tool_call_output`, `local_shell_call`, `shell_call`, `apply_patch_call`,
 *   `computer_call` (and their outputs): calls to tools only Responses can declare (they become native tools,
 *   which other formats drop), so their history would name tools the target does not have.
 * - `item_reference`, `compaction`: pointers to (or encrypted summaries of) state stored at OpenAI.
 */
export function parseInputItems(input: unknown): ParsedInput {
  if (typeof input === "string") {
    return { system: [], messages: input === "" ? [] : [{ role: "user", parts: [{ type: "text", text: input }] }] };
  }
  if (!Array.isArray(input)) throw invalidField("input", "must be a string or an array of input items");
  const reader = new InputReader();
  input.forEach((item, index) => reader.add(item, `input[${index}]`));
  return { system: reader.system, messages: reader.messages };
}

class InputReader {
  readonly system: TextPart[] = [];
  readonly messages: CanonicalMessage[] = [];
  /** Tool names by call id, so a `function_call_output` (which carries only the id) can name its tool. */
  private readonly toolNames = new Map<string, string>();

  add(item: unknown, path: string): void {
    if (!isJsonObject(item)) throw invalidField(path, "each input item must be an object");
    // An "easy" input message ({role, content}) may leave out its type.
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    switch (type) {
      case "message":
        return this.addMessage(item, path);
      case "function_call":
        return this.append("assistant", [this.readFunctionCall(item, path)]);
      case "function_call_output":
        return this.append("user", [this.readFunctionCallOutput(item, path)]);
      case "reasoning":
        return this.append("assistant", readReasoning(item, path));
      default:
        if (typeof type !== "string") throw invalidField(`${path}.type`, "each input item needs a type");
    }
  }

  private addMessage(item: JsonObject, path: string): void {
    switch (item.role) {
      case "user":
        return this.append("user", parseUserContent(item.content, `${path}.content`));
      case "assistant":
        return this.append("assistant", parseAssistantContent(item.content, `${path}.content`));
      case "system":
      case "developer":
        this.system.push(...parseSystemContent(item.content, `${path}.content`));
        return;
      default:
        throw invalidField(`${path}.role`, "must be one of 'user', 'assistant', 'system', 'developer'");
    }
  }

  private readFunctionCall(item: JsonObject, path: string): ToolCallPart {
    if (typeof item.call_id !== "string" || item.call_id === "") throw invalidField(`${path}.call_id`, "must be a non-empty string");
    if (typeof item.name !== "string" || item.name === "") throw invalidField(`${path}.name`, "must be a non-empty string");
    const name = typeof item.namespace === "string" && item.namespace !== "" ? flatToolName(item.namespace, item.name) : item.name;
    this.toolNames.set(item.call_id, name);
    return { type: "tool-call", id: item.call_id, name, arguments: readArguments(item.arguments, `${path}.arguments`) };
  }

  private readFunctionCallOutput(item: JsonObject, path: string): ContentPart {
    if (typeof item.call_id !== "string" || item.call_id === "") throw invalidField(`${path}.call_id`, "must be a non-empty string");
    const result: ContentPart = {
      type: "tool-result",
      toolCallId: item.call_id,
      // Unknown when the call lives in stored state (previous_response_id), which only a Responses upstream has.
      toolName: this.toolNames.get(item.call_id) ?? "",
      content: [],
    };
    // Early Codex builds sent a failure as `{content, success: false}` instead of a string.
    if (isJsonObject(item.output) && typeof item.output.content === "string") {
      result.content = item.output.content === "" ? [] : [{ type: "text", text: item.output.content }];
      if (item.output.success === false) result.isError = true;
      return result;
    }
    result.content = parseToolOutput(item.output, `${path}.output`);
    return result;
  }

  private append(role: CanonicalMessage["role"], parts: ContentPart[]): void {
    if (parts.length === 0) return;
    const last = this.messages.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else this.messages.push({ role, parts });
  }
}

function readArguments(value: unknown, path: string): string {
  if (value === undefined || value === null || value === "") return "{}";
  if (typeof value === "string") return value;
  // Some clients send the arguments already parsed; the canonical form is the JSON text.
  if (isJsonObject(value)) return JSON.stringify(value);
  throw invalidField(path, "must be a JSON string");
}

/**
 * A reasoning item: its summary (or, from open models, its raw reasoning text) and its `encrypted_content`.
 * The token may be one we wrapped for this client (`omr1.<format>.…`, reasoning another provider produced);
 * unwrapping tells the target formatters whose it is, so only its issuer ever receives it back.
 */
function readReasoning(item: JsonObject, path: string): ReasoningPart[] {
  const summary = texts(item.summary, "summary_text");
  const text = summary !== "" ? summary : texts(item.content, "reasoning_text");
  const token = item.encrypted_content;
  if (token !== undefined && token !== null && typeof token !== "string") throw invalidField(`${path}.encrypted_content`, "must be a string");
  const signature = unwrapSignature(typeof token === "string" ? token : undefined, "openai-responses");
  if (text === "" && signature === undefined) return [];
  const part: ReasoningPart = { type: "reasoning", text };
  if (signature !== undefined) part.signature = signature;
  // An Anthropic redacted block that reached this client in our envelope goes back as redacted.
  if (signature?.redacted === true) part.redacted = true;
  if (typeof item.id === "string" && item.id !== "") part.itemId = item.id;
  return [part];
}

/** The texts of a list of `{type, text}` parts of one type, as paragraphs. */
function texts(parts: unknown, type: string): string {
  if (!Array.isArray(parts)) return "";
  return parts
    .filter((part): part is JsonObject => isJsonObject(part) && part.type === type && typeof part.text === "string" && part.text !== "")
    .map((part) => part.text as string)
    .join("\n\n");
}
