import type { CanonicalMessage, ContentPart, FilePart, ImagePart, ToolResultPart } from "../../core/canonical-request";
import { argumentsObject } from "./function-arguments";
import type { GeminiContent, GeminiPart } from "./gemini-wire";
import { isJsonObject, tryParseJson } from "../shared/json-fields";
import { SKIP_THOUGHT_SIGNATURE_VALIDATOR } from "./thought-signature";

/**
 * Canonical messages as Gemini `contents`: assistant → `model`, user → `user`; consecutive messages of one role
 * are merged into one content (a turn's tool results belong together, and Gemini pairs a step's function
 * responses with its calls); messages left without parts are dropped (Gemini rejects an empty content).
 *
 * Reasoning and signatures (Gemini validates `thoughtSignature` on function calls of thinking models):
 * - reasoning with a Gemini signature goes back as `{text, thought: true, thoughtSignature}`; one without text
 *   (Gemini's signature on a text part, read as an empty reasoning part before it) goes back onto the part it
 *   precedes, so the part looks as Gemini sent it;
 * - reasoning without a signature, or with another provider's, is dropped: Gemini reads nothing from unsigned
 *   thought text, and a foreign token would fail its validation;
 * - a tool call keeps its own Gemini signature; the first function call of a model content that has none (a
 *   conversation that started on another model, or a client that dropped it) gets Google's documented
 *   placeholder, `skip_thought_signature_validator`, as Gemini CLI does; otherwise Gemini 3 answers 400.
 */
export function formatContents(messages: readonly CanonicalMessage[]): GeminiContent[] {
  const toolNames = new Map<string, string>();
  for (const message of messages) for (const part of message.parts) if (part.type === "tool-call") toolNames.set(part.id, part.name);
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    const role = message.role === "assistant" ? "model" : "user";
    const parts = formatParts(message.parts, role, toolNames);
    if (parts.length === 0) continue;
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  for (const content of contents) if (content.role === "model") signFirstFunctionCall(content);
  return contents;
}

function formatParts(parts: readonly ContentPart[], role: "user" | "model", toolNames: ReadonlyMap<string, string>): GeminiPart[] {
  const out: GeminiPart[] = [];
  /** A Gemini signature read from a text-less reasoning part, for the part it preceded. */
  let pendingSignature: string | undefined;
  const push = (part: GeminiPart) => {
    if (pendingSignature !== undefined && part.thoughtSignature === undefined) {
      part.thoughtSignature = pendingSignature;
      pendingSignature = undefined;
    }
    out.push(part);
  };
  for (const part of parts) {
    switch (part.type) {
      case "reasoning": {
        if (role !== "model" || part.redacted === true || part.signature?.format !== "gemini") break;
        if (part.text !== "") out.push({ text: part.text, thought: true, thoughtSignature: part.signature.value });
        else pendingSignature = part.signature.value;
        break;
      }
      case "text":
        if (part.text !== "") push({ text: part.text });
        break;
      case "image":
      case "file":
        push(mediaPart(part));
        break;
      case "tool-call": {
        const call: GeminiPart = { functionCall: { id: part.id, name: part.name, args: argumentsObject(part.arguments) } };
        if (part.signature?.format === "gemini") call.thoughtSignature = part.signature.value;
        push(call);
        break;
      }
      case "tool-result":
        out.push(...toolResultParts(part, toolNames));
        break;
    }
  }
  // A signature that closed the turn (Gemini's last, empty text part) belongs to the text it followed.
  if (pendingSignature !== undefined) {
    const host = out.findLast((part) => part.text !== undefined && part.thought !== true && part.thoughtSignature === undefined);
    if (host !== undefined) host.thoughtSignature = pendingSignature;
  }
  return out;
}

function signFirstFunctionCall(content: GeminiContent): void {
  const first = content.parts.find((part) => part.functionCall !== undefined);
  if (first !== undefined && first.thoughtSignature === undefined) first.thoughtSignature = SKIP_THOUGHT_SIGNATURE_VALIDATOR;
}

/**
 * A tool result as `functionResponse`. Gemini's convention: `{output: …}` for a result, `{error: …}` for a
 * failure; a result that is itself a JSON object is passed as the response object. Images the tool returned
 * follow as inline parts of the same content (accepted by every Gemini model, unlike the Gemini 3-only
 * `functionResponse.parts`).
 */
function toolResultParts(part: ToolResultPart, toolNames: ReadonlyMap<string, string>): GeminiPart[] {
  const text = part.content
    .filter((item) => item.type === "text")
    .map((item) => item.text)
    .join("\n");
  const parsed = part.isError === true ? undefined : tryParseJson(text);
  const response = part.isError === true ? { error: text } : isJsonObject(parsed) ? parsed : { output: text };
  const name = part.toolName !== "" ? part.toolName : (toolNames.get(part.toolCallId) ?? "function");
  const parts: GeminiPart[] = [{ functionResponse: { id: part.toolCallId, name, response } }];
  for (const item of part.content) if (item.type === "image") parts.push(mediaPart(item));
  return parts;
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
  txt: "text/plain",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  mp4: "video/mp4",
};

/** Base64 data (and `data:` URLs) as `inlineData`; other URLs as `fileData` with the MIME type their name implies. */
function mediaPart(part: ImagePart | FilePart): GeminiPart {
  const source = part.source;
  if (source.kind === "base64") return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (dataUrl !== null) return { inlineData: { mimeType: dataUrl[1] as string, data: dataUrl[2] as string } };
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(source.url)?.[1]?.toLowerCase();
  const mimeType = extension !== undefined ? MIME_BY_EXTENSION[extension] : undefined;
  return { fileData: { ...(mimeType !== undefined ? { mimeType } : {}), fileUri: source.url } };
}
