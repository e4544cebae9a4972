import type { FilePart, ImagePart, TextPart } from "../../core/canonical-request";
import { parseDataUrl } from "../shared/data-url";
import { invalidField } from "./invalid-field";
import { isAbsent, isJsonObject, type JsonObject } from "../shared/json-fields";

/**
 * Content parts of Responses input items → canonical parts. This parse only feeds translation to another
 * format (same-format traffic is forwarded byte for byte), so part types no other provider could use
 * (`input_audio`, future types) are dropped rather than rejected; a reference to a file stored at OpenAI
 * (`file_id`) is rejected, because dropping it would silently change what the model is asked about.
 */
export type UserPart = TextPart | ImagePart | FilePart;

/** A user message's `content`: a string or input parts. */
export function parseUserContent(content: unknown, path: string): UserPart[] {
  if (typeof content === "string") return textParts(content);
  if (!Array.isArray(content)) throw invalidField(path, "must be a string or an array of content parts");
  return content.flatMap((part, index): UserPart[] => {
    const partPath = `${path}[${index}]`;
    if (!isJsonObject(part)) throw invalidField(partPath, "each content part must be an object");
    switch (part.type) {
      case "input_text":
      case "output_text":
      case "text":
        return textParts(requireText(part, partPath));
      case "input_image":
        return [parseImage(part, partPath)];
      case "input_file":
        return [parseFile(part, partPath)];
      default:
        return [];
    }
  });
}

/** An assistant message's `content`: a string or output parts; a refusal is what the assistant said. */
export function parseAssistantContent(content: unknown, path: string): TextPart[] {
  if (typeof content === "string") return textParts(content);
  if (!Array.isArray(content)) throw invalidField(path, "must be a string or an array of content parts");
  return content.flatMap((part, index): TextPart[] => {
    const partPath = `${path}[${index}]`;
    if (!isJsonObject(part)) throw invalidField(partPath, "each content part must be an object");
    if (part.type === "output_text" || part.type === "input_text" || part.type === "text") return textParts(requireText(part, partPath));
    if (part.type === "refusal") {
      if (typeof part.refusal !== "string") throw invalidField(`${partPath}.refusal`, "must be a string");
      return textParts(part.refusal);
    }
    return [];
  });
}

/** A system or developer message's `content`: only its text can become system instructions. */
export function parseSystemContent(content: unknown, path: string): TextPart[] {
  return parseUserContent(content, path).filter((part): part is TextPart => part.type === "text");
}

/** A `function_call_output`'s `output`: a string or input parts (text and images). */
export function parseToolOutput(output: unknown, path: string): Array<TextPart | ImagePart> {
  if (isAbsent(output)) return [];
  const parts = parseUserContent(output, path);
  return parts.map((part, index) => {
    if (part.type === "file") throw invalidField(`${path}[${index}]`, "files in a function_call_output cannot be sent to another provider");
    return part;
  });
}

function textParts(text: string): TextPart[] {
  return text === "" ? [] : [{ type: "text", text }];
}

function requireText(part: JsonObject, path: string): string {
  if (typeof part.text !== "string") throw invalidField(`${path}.text`, "must be a string");
  return part.text;
}

function parseImage(part: JsonObject, path: string): ImagePart {
  const url = part.image_url;
  if (typeof url !== "string" || url === "") {
    if (typeof part.file_id === "string") {
      throw invalidField(`${path}.file_id`, "images stored at OpenAI (file_id) cannot be sent to another provider; send image_url (a URL or a data URL) instead");
    }
    throw invalidField(`${path}.image_url`, "must be a URL or a data URL");
  }
  const inline = parseDataUrl(url);
  const image: ImagePart = { type: "image", source: inline === undefined ? { kind: "url", url } : { kind: "base64", ...inline } };
  // `original` (keep full resolution) has no equal in the canonical hint; the target's default applies.
  if (part.detail === "auto" || part.detail === "low" || part.detail === "high") image.detail = part.detail;
  return image;
}

function parseFile(part: JsonObject, path: string): FilePart {
  const filename = typeof part.filename === "string" && part.filename !== "" ? part.filename : undefined;
  const withName = (file: FilePart): FilePart => (filename === undefined ? file : { ...file, filename });
  if (typeof part.file_data === "string" && part.file_data !== "") {
    const inline = parseDataUrl(part.file_data);
    // Bare base64 is how the OpenAI docs show PDFs; a data URL says its own type.
    return withName({ type: "file", source: { kind: "base64", ...(inline ?? { mediaType: mediaTypeOf(filename), data: part.file_data }) } });
  }
  if (typeof part.file_url === "string" && part.file_url !== "") return withName({ type: "file", source: { kind: "url", url: part.file_url } });
  if (typeof part.file_id === "string") {
    throw invalidField(`${path}.file_id`, "files stored at OpenAI (file_id) cannot be sent to another provider; send file_data or file_url instead");
  }
  throw invalidField(path, "an input_file needs file_data or file_url");
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
};

function mediaTypeOf(filename: string | undefined): string {
  const extension = filename?.slice(filename.lastIndexOf(".") + 1).toLowerCase() ?? "";
  return MEDIA_TYPES[extension] ?? "application/pdf";
}
