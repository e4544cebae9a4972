import type { CacheControl, FilePart, ImagePart, TextPart } from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import { parseDataUrl } from "../shared/data-url";
import { fieldOf, isJsonObject, stringField, type JsonObject } from "../shared/json-fields";

/**
 * Content of OpenAI Chat messages: a string, or an array of typed parts. `path` names the field for error
 * messages (`messages[2].content`), so a client learns exactly what to fix.
 */
export type UserContentPart = TextPart | ImagePart | FilePart;

/** User content: text, images (`image_url`), files (`file`) and audio (`input_audio`, kept as a file part). */
export function parseUserContent(content: unknown, path: string): UserContentPart[] {
  return partsOf(content, path).flatMap(({ part, partPath }): UserContentPart[] => {
    const type = part.type;
    switch (type) {
      case "text":
        return textPart(part, partPath);
      case "image_url":
        return [imagePart(part, partPath)];
      case "input_audio":
        return [audioPart(part, partPath)];
      case "file":
        return [filePart(part, partPath)];
      default:
        throw unsupportedPart(type, partPath, "text, image_url, input_audio, file");
    }
  });
}

/** System, developer and tool-message content: text only in OpenAI's schema. */
export function parseTextContent(content: unknown, path: string): TextPart[] {
  return partsOf(content, path).flatMap(({ part, partPath }) => {
    if (part.type === "text") return textPart(part, partPath);
    throw unsupportedPart(part.type, partPath, "text");
  });
}

/**
 * Tool-message content. OpenAI allows text parts only; images are accepted as well because routers
 * (OpenRouter, LiteLLM) let clients return screenshots from tools and Anthropic/Gemini upstreams take them.
 */
export function parseToolContent(content: unknown, path: string): Array<TextPart | ImagePart> {
  return partsOf(content, path).flatMap(({ part, partPath }): Array<TextPart | ImagePart> => {
    if (part.type === "text") return textPart(part, partPath);
    if (part.type === "image_url") return [imagePart(part, partPath)];
    throw unsupportedPart(part.type, partPath, "text, image_url");
  });
}

/**
 * Assistant content: text and `refusal` parts. A past refusal becomes text: the canonical request has no
 * refusal part, and the model should still see what it said.
 */
export function parseAssistantContent(content: unknown, path: string): TextPart[] {
  return partsOf(content, path).flatMap(({ part, partPath }) => {
    if (part.type === "text") return textPart(part, partPath);
    if (part.type === "refusal") {
      const refusal = part.refusal;
      if (typeof refusal !== "string") throw badRequest("invalid_request", `'${partPath}.refusal' must be a string.`, `${partPath}.refusal`);
      return refusal === "" ? [] : [{ type: "text" as const, text: refusal }];
    }
    throw unsupportedPart(part.type, partPath, "text, refusal");
  });
}

interface LocatedPart {
  part: JsonObject;
  partPath: string;
}

/** A string becomes one text part (none when empty); null/absent content has no parts. */
function partsOf(content: unknown, path: string): LocatedPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ part: { type: "text", text: content }, partPath: path }];
  if (!Array.isArray(content)) throw badRequest("invalid_request", `'${path}' must be a string or an array of content parts.`, path);
  return content.map((part, index) => {
    const partPath = `${path}[${index}]`;
    if (!isJsonObject(part)) throw badRequest("invalid_request", `'${partPath}' must be an object.`, partPath);
    return { part, partPath };
  });
}

function textPart(part: JsonObject, path: string): TextPart[] {
  const text = part.text;
  if (typeof text !== "string") throw badRequest("invalid_request", `'${path}.text' must be a string.`, `${path}.text`);
  // Empty text carries nothing, and Anthropic rejects empty text blocks.
  if (text === "") return [];
  const result: TextPart = { type: "text", text };
  return [withCacheControl(result, part)];
}

function imagePart(part: JsonObject, path: string): ImagePart {
  // `image_url` is an object in OpenAI's schema; some clients send the URL string directly.
  const image = part.image_url;
  const url = typeof image === "string" ? image : stringField(image, "url");
  if (url === undefined || url === "") throw badRequest("invalid_request", `'${path}.image_url.url' must be a non-empty string.`, `${path}.image_url.url`);
  const inline = parseDataUrl(url);
  const result: ImagePart = {
    type: "image",
    source: inline !== undefined ? { kind: "base64", mediaType: inline.mediaType, data: inline.data } : { kind: "url", url },
  };
  const detail = fieldOf(image, "detail");
  if (detail === "auto" || detail === "low" || detail === "high") result.detail = detail;
  return withCacheControl(result, part);
}

const AUDIO_MEDIA_TYPES: Record<string, string> = { wav: "audio/wav", mp3: "audio/mpeg" };

/** `input_audio` is kept as an inline file with an audio media type (Gemini takes it; others drop it). */
function audioPart(part: JsonObject, path: string): FilePart {
  const audio = part.input_audio;
  const data = stringField(audio, "data");
  if (data === undefined || data === "") throw badRequest("invalid_request", `'${path}.input_audio.data' must be a non-empty string.`, `${path}.input_audio.data`);
  const format = stringField(audio, "format") ?? "";
  const mediaType = AUDIO_MEDIA_TYPES[format] ?? (format !== "" ? `audio/${format}` : "audio/wav");
  const result: FilePart = { type: "file", source: { kind: "base64", mediaType, data } };
  return withCacheControl(result, part);
}

/**
 * `file` parts: inline `file_data` (a data URL, or bare base64 which OpenAI documents for PDFs). A `file_id`
 * names a file uploaded to one OpenAI account: no other provider (nor another account) can read it, so it
 * is refused with a clear message rather than silently dropped.
 */
function filePart(part: JsonObject, path: string): FilePart {
  const file = part.file;
  if (!isJsonObject(file)) throw badRequest("invalid_request", `'${path}.file' must be an object.`, `${path}.file`);
  const fileData = stringField(file, "file_data");
  const filename = stringField(file, "filename");
  if (fileData === undefined || fileData === "") {
    if (file.file_id !== undefined) {
      throw badRequest(
        "invalid_request",
        `'${path}.file.file_id': uploaded-file references cannot be forwarded by the gateway; send the file inline as 'file_data'.`,
        `${path}.file.file_id`,
      );
    }
    throw badRequest("invalid_request", `'${path}.file.file_data' must be a non-empty string.`, `${path}.file.file_data`);
  }
  const inline = parseDataUrl(fileData) ?? { mediaType: mediaTypeForFilename(filename), data: fileData };
  const result: FilePart = { type: "file", source: { kind: "base64", mediaType: inline.mediaType, data: inline.data } };
  if (filename !== undefined && filename !== "") result.filename = filename;
  return withCacheControl(result, part);
}

/** Bare base64 file data says nothing of its type; OpenAI Chat accepts PDFs only, so that is the default. */
function mediaTypeForFilename(filename: string | undefined): string {
  const extension = filename?.slice(filename.lastIndexOf(".") + 1).toLowerCase();
  switch (extension) {
    case "txt":
      return "text/plain";
    case "md":
      return "text/markdown";
    case "csv":
      return "text/csv";
    case "json":
      return "application/json";
    default:
      return "application/pdf";
  }
}

/**
 * Prompt-cache markers on a part: Anthropic-style `cache_control` (OpenRouter and LiteLLM clients send it in
 * OpenAI Chat bodies) or OpenAI's own `prompt_cache_breakpoint`. Both become the canonical marker, so a
 * Claude upstream keeps caching what the client marked.
 */
function withCacheControl<T extends UserContentPart>(result: T, part: JsonObject): T {
  const marker = part.cache_control;
  if (isJsonObject(marker) && marker.type === "ephemeral") {
    const cacheControl: CacheControl = { type: "ephemeral" };
    if (marker.ttl === "5m" || marker.ttl === "1h") cacheControl.ttl = marker.ttl;
    result.cacheControl = cacheControl;
  } else if (isJsonObject(part.prompt_cache_breakpoint)) {
    result.cacheControl = { type: "ephemeral" };
  }
  return result;
}

function unsupportedPart(type: unknown, path: string, allowed: string) {
  const shown = typeof type === "string" ? `'${type}'` : "missing";
  return badRequest("invalid_request", `'${path}.type' is ${shown}; expected one of: ${allowed}.`, `${path}.type`);
}
