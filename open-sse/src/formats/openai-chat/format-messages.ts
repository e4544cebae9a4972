import type { CanonicalMessage, FilePart, ImagePart, TextPart } from "../../core/canonical-request";
import { toDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json-fields";

/**
 * Canonical system + messages → OpenAI Chat `messages`.
 * - System parts become one leading `system` message (OpenAI maps it to `developer` for its reasoning models;
 *   compatible providers know only `system`).
 * - Text of one message joins with a blank line into a string: every compatible provider accepts string
 *   content, while several reject content arrays for some roles. Arrays are used only with images or files.
 * - Tool results become `tool` messages placed right after the assistant message that called them (OpenAI
 *   requires that), in order; images a tool returned (which `tool` messages cannot carry) follow in a user
 *   message together with the user's own content.
 * - Reasoning is not sent: OpenAI Chat has no input field for it, and DeepSeek rejects `reasoning_content`
 *   in input messages.
 */
export function formatChatMessages(system: readonly TextPart[], messages: readonly CanonicalMessage[]): JsonObject[] {
  const formatted: JsonObject[] = [];
  if (system.length > 0) formatted.push({ role: "system", content: joinText(system) });
  for (const message of messages) {
    if (message.role === "assistant") {
      const assistant = formatAssistant(message);
      if (assistant !== undefined) formatted.push(assistant);
      continue;
    }
    const userParts: Array<TextPart | ImagePart | FilePart> = [];
    const toolImages: ImagePart[] = [];
    for (const part of message.parts) {
      if (part.type === "tool-result") {
        const texts = part.content.filter((item): item is TextPart => item.type === "text");
        toolImages.push(...part.content.filter((item): item is ImagePart => item.type === "image"));
        formatted.push({ role: "tool", tool_call_id: part.toolCallId, content: joinText(texts) });
      } else if (part.type === "text" || part.type === "image" || part.type === "file") {
        userParts.push(part);
      }
    }
    const content = userContent([...toolImages, ...userParts]);
    if (content !== undefined) formatted.push({ role: "user", content });
  }
  return formatted;
}

function formatAssistant(message: CanonicalMessage): JsonObject | undefined {
  const texts: TextPart[] = [];
  const toolCalls: JsonObject[] = [];
  for (const part of message.parts) {
    if (part.type === "text") texts.push(part);
    else if (part.type === "tool-call") {
      toolCalls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments === "" ? "{}" : part.arguments } });
    }
  }
  // An assistant's text parts are pieces of one answer (a Gemini client keeps one part per streamed chunk):
  // joined as they are, never with separators the model did not write.
  const text = joinText(texts, "");
  if (text === "" && toolCalls.length === 0) return undefined;
  // `content: null` beside tool calls is what OpenAI itself returns; an empty string is refused by some providers.
  const assistant: JsonObject = { role: "assistant", content: text === "" ? null : text };
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  return assistant;
}

function userContent(parts: ReadonlyArray<TextPart | ImagePart | FilePart>): string | JsonObject[] | undefined {
  if (parts.every((part): part is TextPart => part.type === "text")) {
    const text = joinText(parts);
    return text === "" ? undefined : text;
  }
  const formatted = parts.flatMap((part): JsonObject[] => {
    switch (part.type) {
      case "text":
        return part.text === "" ? [] : [{ type: "text", text: part.text }];
      case "image":
        return [imageContent(part)];
      case "file":
        return fileContent(part);
    }
  });
  return formatted.length > 0 ? formatted : undefined;
}

function imageContent(part: ImagePart): JsonObject {
  const url = part.source.kind === "url" ? part.source.url : toDataUrl(part.source);
  return { type: "image_url", image_url: part.detail !== undefined ? { url, detail: part.detail } : { url } };
}

const AUDIO_FORMATS: Record<string, string> = { "audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/mp3": "mp3" };

/**
 * Inline files go as `file.file_data` data URLs (OpenAI takes PDFs), wav/mp3 audio as `input_audio`. Files
 * by URL are dropped: OpenAI Chat only reads inline data or files uploaded to the same account.
 */
function fileContent(part: FilePart): JsonObject[] {
  if (part.source.kind === "url") return [];
  const audioFormat = AUDIO_FORMATS[part.source.mediaType];
  if (audioFormat !== undefined) return [{ type: "input_audio", input_audio: { data: part.source.data, format: audioFormat } }];
  if (part.source.mediaType.startsWith("audio/")) return [];
  // OpenAI asks for a filename with inline data; one that names the type is used when the client gave none.
  const filename = part.filename ?? `document.${part.source.mediaType.split("/")[1]?.split("+")[0] ?? "bin"}`;
  return [{ type: "file", file: { filename, file_data: toDataUrl(part.source) } }];
}

function joinText(parts: readonly TextPart[], separator = "\n\n"): string {
  return parts
    .map((part) => part.text)
    .filter((text) => text !== "")
    .join(separator);
}
