import type { CanonicalMessage, FilePart, ImagePart, ReasoningPart, TextPart, ToolResultPart } from "../../core/canonical-request";
import { toDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json-fields";
import { splitToolName, type NamespacedName } from "./tool-namespaces";

export interface InputItemOptions {
  /** Flat tool names that are functions of a Responses namespace tool. */
  names: ReadonlyMap<string, NamespacedName>;
  /**
   * Send reasoning items' `id`. Only with `store: true`: a stateless request (`store: false`, ours) needs only
   * `encrypted_content`, and an id the API did not issue with that content (one we made up for a client)
   * fails with "The encrypted content for item rs_… could not be verified" (LiteLLM #15782). Codex, the
   * stateless client, never sends them either.
   */
  sendReasoningIds: boolean;
}

/**
 * Canonical messages → Responses `input` items, in order, in the shapes Codex sends: user content as a
 * `message` with input parts, tool results as `function_call_output` items, assistant text as a `message`
 * with `output_text` parts, tool calls as `function_call` items (namespaced ones with their `namespace`).
 * Reasoning goes back only when OpenAI issued its token (`encrypted_content`); reasoning another provider
 * produced cannot be verified by OpenAI and is dropped (its text alone cannot be sent as a reasoning item).
 */
export function formatInputItems(messages: readonly CanonicalMessage[], options: InputItemOptions): JsonObject[] {
  const items: JsonObject[] = [];
  for (const message of messages) {
    if (message.role === "user") formatUserMessage(message, items);
    else formatAssistantMessage(message, items, options);
  }
  return items;
}

function formatUserMessage(message: CanonicalMessage, items: JsonObject[]): void {
  let content: JsonObject[] = [];
  const flush = () => {
    if (content.length > 0) items.push({ type: "message", role: "user", content });
    content = [];
  };
  for (const part of message.parts) {
    switch (part.type) {
      case "text":
        if (part.text !== "") content.push({ type: "input_text", text: part.text });
        break;
      case "image":
        content.push(inputImage(part));
        break;
      case "file":
        content.push(inputFile(part));
        break;
      case "tool-result":
        // A tool result answers the call before it: it goes out in place, between the user's other content.
        flush();
        items.push({ type: "function_call_output", call_id: part.toolCallId, output: toolOutput(part) });
        break;
      default:
        // Tool calls and reasoning in a user message have no Responses form.
        break;
    }
  }
  flush();
}

function formatAssistantMessage(message: CanonicalMessage, items: JsonObject[], options: InputItemOptions): void {
  let text = "";
  const flush = () => {
    if (text !== "") items.push({ type: "message", role: "assistant", content: [{ type: "output_text", text }] });
    text = "";
  };
  for (const part of message.parts) {
    switch (part.type) {
      case "text":
        text += part.text;
        break;
      case "tool-call":
        flush();
        items.push({ type: "function_call", call_id: part.id, ...splitToolName(part.name, options.names), arguments: part.arguments });
        break;
      case "reasoning": {
        const item = reasoningItem(part, options);
        if (item !== undefined) {
          flush();
          items.push(item);
        }
        break;
      }
      default:
        break;
    }
  }
  flush();
}

function reasoningItem(part: ReasoningPart, options: InputItemOptions): JsonObject | undefined {
  if (part.signature?.format !== "openai-responses") return undefined;
  return {
    type: "reasoning",
    ...(options.sendReasoningIds && part.itemId !== undefined ? { id: part.itemId } : {}),
    summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
    encrypted_content: part.signature.value,
  };
}

function inputImage(part: ImagePart): JsonObject {
  const url = part.source.kind === "url" ? part.source.url : toDataUrl(part.source);
  return { type: "input_image", image_url: url, detail: part.detail ?? "auto" };
}

const EXTENSIONS: Readonly<Record<string, string>> = { "application/pdf": "pdf", "text/plain": "txt", "text/markdown": "md", "text/csv": "csv" };

function inputFile(part: FilePart): JsonObject {
  if (part.source.kind === "url") return { type: "input_file", file_url: part.source.url, ...(part.filename !== undefined ? { filename: part.filename } : {}) };
  // OpenAI wants a filename with inline file data; one the client did not give is named for its type.
  const filename = part.filename ?? `document.${EXTENSIONS[part.source.mediaType] ?? "bin"}`;
  return { type: "input_file", filename, file_data: toDataUrl(part.source) };
}

/** A plain string when the result is text only (what Codex sends), else input parts. */
function toolOutput(part: ToolResultPart): string | JsonObject[] {
  if (part.content.every((content): content is TextPart => content.type === "text")) return part.content.map((content) => content.text).join("\n");
  return part.content.map((content) => (content.type === "text" ? { type: "input_text", text: content.text } : inputImage(content)));
}
