import type { ContentPart, FilePart, ImagePart, ReasoningPart, ToolResultPart } from "../../core/canonical-request";
import { cacheControlField } from "./cache-control";
import type { JsonObject } from "../shared/json-fields";
import { toolInputObject } from "./tool-input";
import type { ToolIdMap } from "./tool-id-map";

/**
 * One canonical part → one Anthropic content block, or undefined when the part must not be sent: empty or
 * whitespace-only text (Anthropic rejects it: "text content blocks must contain non-whitespace text"),
 * reasoning another provider signed or nobody signed (Anthropic rejects foreign signatures, "Invalid
 * signature in thinking block"), and files of a type Anthropic cannot read.
 */
export function formatContentBlock(part: ContentPart, toolIds: ToolIdMap): JsonObject | undefined {
  switch (part.type) {
    case "text":
      return isBlank(part.text) ? undefined : { type: "text", text: part.text, ...cacheControlField(part.cacheControl) };
    case "image":
      return formatImage(part);
    case "file":
      return formatFile(part);
    case "tool-call":
      return { type: "tool_use", id: toolIds.idFor(part.id), name: part.name, input: toolInputObject(part.arguments), ...cacheControlField(part.cacheControl) };
    case "tool-result":
      return formatToolResult(part, toolIds);
    case "reasoning":
      return formatReasoning(part);
  }
}

export function isBlank(text: string): boolean {
  return text.trim() === "";
}

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]*)*?)(;base64)?,(.*)$/s;

type WireSource = { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };

/** OpenAI clients send inline images as `data:` URLs; Anthropic takes them as base64 sources. */
function wireSource(source: ImagePart["source"]): WireSource {
  if (source.kind === "base64") return { type: "base64", media_type: source.mediaType, data: source.data };
  const match = DATA_URL.exec(source.url);
  if (match === null) return { type: "url", url: source.url };
  const mediaType = match[1] ?? "application/octet-stream";
  const payload = match[4] ?? "";
  const data = match[3] !== undefined ? payload : Buffer.from(decodeURIComponent(payload), "utf8").toString("base64");
  return { type: "base64", media_type: mediaType, data };
}

function formatImage(part: ImagePart): JsonObject {
  return { type: "image", source: wireSource(part.source), ...cacheControlField(part.cacheControl) };
}

/** PDFs become document blocks, text files plain-text documents, images image blocks; other types are dropped. */
function formatFile(part: FilePart): JsonObject | undefined {
  const source = wireSource(part.source);
  const title = part.filename !== undefined ? { title: part.filename } : {};
  const cache = cacheControlField(part.cacheControl);
  if (source.type === "url") return { type: "document", source, ...title, ...cache };
  const mediaType = source.media_type.toLowerCase();
  if (mediaType === "application/pdf") return { type: "document", source, ...title, ...cache };
  if (mediaType.startsWith("text/")) {
    const text = Buffer.from(source.data, "base64").toString("utf8");
    return { type: "document", source: { type: "text", media_type: "text/plain", data: text }, ...title, ...cache };
  }
  if (mediaType.startsWith("image/")) return { type: "image", source, ...cache };
  return undefined;
}

function formatToolResult(part: ToolResultPart, toolIds: ToolIdMap): JsonObject {
  const content = part.content.flatMap((item) => {
    if (item.type === "image") return [formatImage(item)];
    return isBlank(item.text) ? [] : [{ type: "text", text: item.text, ...cacheControlField(item.cacheControl) }];
  });
  return {
    type: "tool_result",
    tool_use_id: toolIds.idFor(part.toolCallId),
    // An empty result is sent without content: an empty text block would be rejected.
    ...(content.length > 0 ? { content } : {}),
    ...(part.isError === true ? { is_error: true } : {}),
    ...cacheControlField(part.cacheControl),
  };
}

/**
 * Only Anthropic's own signed thinking goes back to Anthropic; every other reasoning part is dropped. A signed
 * part whose text is gone (Gemini CLI keeps the signature but drops thought text) is dropped too: the signature
 * covers the text, and a mismatch is a 400 where a missing block is not.
 */
function formatReasoning(part: ReasoningPart): JsonObject | undefined {
  if (part.signature?.format !== "anthropic-messages") return undefined;
  if (part.redacted === true || part.signature.redacted === true) return { type: "redacted_thinking", data: part.signature.value };
  if (part.text === "") return undefined;
  return { type: "thinking", thinking: part.text, signature: part.signature.value };
}
