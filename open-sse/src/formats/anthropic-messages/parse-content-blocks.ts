import type { ContentPart, FilePart, ImagePart, TextPart, ToolResultPart } from "../../core/canonical-request";
import { unwrapSignature } from "../../core/signature-envelope";
import { parseCacheControl } from "./cache-control";
import { invalidField } from "./invalid-field";
import { isJsonObject, stringField, type JsonObject } from "../shared/json-fields";

/** Tool names by call id, filled as `tool_use` blocks are read so a later `tool_result` can name its tool. */
export type ToolNamesById = Map<string, string>;

/**
 * Anthropic content blocks → canonical parts. Blocks only Anthropic itself can act on (`server_tool_use`,
 * `web_search_tool_result`, `code_execution_tool_result`, `container_upload`, …) and Files-API references
 * (`source.type: "file"`) are dropped: this parse only feeds translation to another format (same-format
 * traffic is forwarded byte for byte), and no other provider could use them. Unknown block types are dropped
 * for the same reason rather than rejected, so a new Anthropic block type never breaks a translated request.
 */
export function parseMessageContent(content: unknown, path: string, toolNames: ToolNamesById): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw invalidField(path, "must be a string or an array of content blocks");
  return content.flatMap((block, index) => parseContentBlock(block, `${path}.${index}`, toolNames));
}

/** `system` (top-level or a `role: "system"` message): a string or text blocks. */
export function parseSystemContent(content: unknown, path: string): TextPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw invalidField(path, "must be a string or an array of text blocks");
  return content.map((block, index) => {
    if (!isJsonObject(block) || block.type !== "text") throw invalidField(`${path}.${index}.type`, 'must be "text"');
    return parseTextBlock(block, `${path}.${index}`);
  });
}

function parseContentBlock(block: unknown, path: string, toolNames: ToolNamesById): ContentPart[] {
  if (!isJsonObject(block) || typeof block.type !== "string") throw invalidField(`${path}.type`, "each content block needs a type");
  switch (block.type) {
    case "text":
      return [parseTextBlock(block, path)];
    case "image":
      return optional(parseImageBlock(block, path));
    case "document":
      return parseDocumentBlock(block, path);
    case "search_result":
      return parseSearchResult(block, path);
    case "tool_use":
      return [parseToolUse(block, path, toolNames)];
    case "tool_result":
      return [parseToolResult(block, path, toolNames)];
    case "thinking":
      return [parseThinking(block, path)];
    case "redacted_thinking":
      return parseRedactedThinking(block, path);
    default:
      return [];
  }
}

function parseTextBlock(block: JsonObject, path: string): TextPart {
  if (typeof block.text !== "string") throw invalidField(`${path}.text`, "must be a string");
  const cacheControl = parseCacheControl(block.cache_control);
  return { type: "text", text: block.text, ...(cacheControl !== undefined ? { cacheControl } : {}) };
}

type MediaSource = ImagePart["source"];

/** base64 / url sources; undefined for a Files-API `file` source, which no other provider can resolve. */
function parseMediaSource(source: unknown, path: string, defaultMediaType: string): MediaSource | undefined {
  if (!isJsonObject(source)) throw invalidField(path, "must be an object");
  if (source.type === "base64") {
    if (typeof source.data !== "string") throw invalidField(`${path}.data`, "must be a string");
    return { kind: "base64", mediaType: stringField(source, "media_type") ?? defaultMediaType, data: source.data };
  }
  if (source.type === "url") {
    if (typeof source.url !== "string") throw invalidField(`${path}.url`, "must be a string");
    return { kind: "url", url: source.url };
  }
  if (source.type === "file") return undefined;
  throw invalidField(`${path}.type`, 'must be "base64", "url" or "file"');
}

function parseImageBlock(block: JsonObject, path: string): ImagePart | undefined {
  const source = parseMediaSource(block.source, `${path}.source`, "image/png");
  if (source === undefined) return undefined;
  const cacheControl = parseCacheControl(block.cache_control);
  return { type: "image", source, ...(cacheControl !== undefined ? { cacheControl } : {}) };
}

/**
 * PDFs (base64 or url) become file parts; plain-text and content-block documents become the text (and images)
 * they contain, which every format can carry.
 */
function parseDocumentBlock(block: JsonObject, path: string): ContentPart[] {
  const source = block.source;
  const sourcePath = `${path}.source`;
  if (isJsonObject(source) && source.type === "text") {
    if (typeof source.data !== "string") throw invalidField(`${sourcePath}.data`, "must be a string");
    return source.data === "" ? [] : [{ type: "text", text: source.data }];
  }
  if (isJsonObject(source) && source.type === "content") return parseDocumentContent(source.content, `${sourcePath}.content`);
  const media = parseMediaSource(source, sourcePath, "application/pdf");
  if (media === undefined) return [];
  const cacheControl = parseCacheControl(block.cache_control);
  const title = stringField(block, "title");
  const file: FilePart = { type: "file", source: media };
  if (title !== undefined) file.filename = title;
  if (cacheControl !== undefined) file.cacheControl = cacheControl;
  return [file];
}

function parseDocumentContent(content: unknown, path: string): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw invalidField(path, "must be a string or an array of text and image blocks");
  return content.flatMap((block, index) => parseNestedBlock(block, `${path}.${index}`));
}

/** A `search_result` block is retrieved text the model should read: its text blocks carry over as text. */
function parseSearchResult(block: JsonObject, path: string): TextPart[] {
  const content = Array.isArray(block.content) ? block.content : [];
  return content.flatMap((item, index) => {
    if (!isJsonObject(item) || item.type !== "text") return [];
    const part = parseTextBlock(item, `${path}.content.${index}`);
    return part.text === "" ? [] : [part];
  });
}

/** Blocks nested in a tool result or a content document: text and images; documents and search results as text. */
function parseNestedBlock(block: unknown, path: string): Array<TextPart | ImagePart> {
  if (!isJsonObject(block) || typeof block.type !== "string") throw invalidField(`${path}.type`, "each content block needs a type");
  if (block.type === "text") return [parseTextBlock(block, path)];
  if (block.type === "image") return optional(parseImageBlock(block, path));
  if (block.type === "search_result") return parseSearchResult(block, path);
  if (block.type === "document") {
    return parseDocumentBlock(block, path).filter((part): part is TextPart | ImagePart => part.type === "text" || part.type === "image");
  }
  return [];
}

function parseToolUse(block: JsonObject, path: string, toolNames: ToolNamesById): ContentPart {
  if (typeof block.id !== "string" || block.id === "") throw invalidField(`${path}.id`, "must be a non-empty string");
  if (typeof block.name !== "string" || block.name === "") throw invalidField(`${path}.name`, "must be a non-empty string");
  toolNames.set(block.id, block.name);
  const input = block.input;
  const cacheControl = parseCacheControl(block.cache_control);
  return {
    type: "tool-call",
    id: block.id,
    name: block.name,
    // Arguments travel as JSON text in the canonical model; a client that sent text already keeps it verbatim.
    arguments: typeof input === "string" ? input : JSON.stringify(input ?? {}),
    ...(cacheControl !== undefined ? { cacheControl } : {}),
  };
}

function parseToolResult(block: JsonObject, path: string, toolNames: ToolNamesById): ToolResultPart {
  if (typeof block.tool_use_id !== "string" || block.tool_use_id === "") throw invalidField(`${path}.tool_use_id`, "must be a non-empty string");
  const content = block.content;
  let parts: Array<TextPart | ImagePart>;
  if (content === undefined || content === null) parts = [];
  else if (typeof content === "string") parts = content === "" ? [] : [{ type: "text", text: content }];
  else if (Array.isArray(content)) parts = content.flatMap((item, index) => parseNestedBlock(item, `${path}.content.${index}`));
  else throw invalidField(`${path}.content`, "must be a string or an array of content blocks");
  if (block.is_error !== undefined && typeof block.is_error !== "boolean") throw invalidField(`${path}.is_error`, "must be a boolean");
  const cacheControl = parseCacheControl(block.cache_control);
  const result: ToolResultPart = {
    type: "tool-result",
    toolCallId: block.tool_use_id,
    // A result whose call is not in the conversation has no name to give; formats that need one see "".
    toolName: toolNames.get(block.tool_use_id) ?? "",
    content: parts,
  };
  if (block.is_error === true) result.isError = true;
  if (cacheControl !== undefined) result.cacheControl = cacheControl;
  return result;
}

function parseThinking(block: JsonObject, path: string): ContentPart {
  if (block.thinking !== undefined && typeof block.thinking !== "string") throw invalidField(`${path}.thinking`, "must be a string");
  if (block.signature !== undefined && typeof block.signature !== "string") throw invalidField(`${path}.signature`, "must be a string");
  const signature = unwrapSignature(block.signature, "anthropic-messages");
  return { type: "reasoning", text: block.thinking ?? "", ...(signature !== undefined ? { signature } : {}) };
}

/** Redacted thinking is nothing but its token: without a usable one (`omr1.none.`) there is nothing to keep. */
function parseRedactedThinking(block: JsonObject, path: string): ContentPart[] {
  if (typeof block.data !== "string") throw invalidField(`${path}.data`, "must be a string");
  const signature = unwrapSignature(block.data, "anthropic-messages");
  return signature === undefined ? [] : [{ type: "reasoning", text: "", redacted: true, signature }];
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
