import type { CanonicalMessage, ContentPart, ImagePart, OpaqueSignature, TextPart, ToolResultPart } from "../../core/canonical-request";
import { readField } from "./field-names";
import { argumentsText } from "./function-arguments";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { readClientThoughtSignature } from "./thought-signature";

/** A function call waiting for its response, for responses that name the function but carry no id. */
interface PendingCall {
  id: string;
  name: string;
}

/**
 * Gemini `contents` as canonical messages, one per content (`role` "model" → assistant, anything else the API
 * accepts → user).
 *
 * Tool-call ids: Gemini's `functionCall.id` is optional (the API often leaves it out; Gemini CLI invents one).
 * A call without an id gets one derived from its position, `call_<content>_<part>`, which stays the same on
 * every later turn of the conversation; a `functionResponse` without an id takes the id of the earliest
 * unanswered call of the same name, which is how Gemini itself pairs them.
 *
 * Thought signatures: on a thought part the signature belongs to that reasoning; on a `functionCall` part a
 * Gemini signature stays on the tool call (Gemini validates it there); any other signature, which Gemini puts
 * on the first part after the thinking it covers, becomes an empty reasoning part just before that part. A
 * signature another format issued (our `omr1.` envelope), on a function call or any other part, is reasoning of
 * that format: it signs the thought text just before it when there is one, else it becomes an empty reasoning
 * part where that format's formatter can find it.
 */
export function parseContents(contents: unknown): CanonicalMessage[] {
  if (contents === undefined) throw invalidField("contents", "is required");
  const list = isJsonObject(contents) ? [contents] : contents;
  if (!Array.isArray(list)) throw invalidField("contents", "must be a list of Content objects");
  const pending: PendingCall[] = [];
  const messages: CanonicalMessage[] = [];
  list.forEach((content: unknown, contentIndex) => {
    const path = `contents[${contentIndex}]`;
    if (!isJsonObject(content)) throw invalidField(path, "must be an object");
    const role = roleOf(content.role, path);
    const parts = content.parts;
    if (!Array.isArray(parts)) throw invalidField(`${path}.parts`, "must be a list");
    const out: ContentPart[] = [];
    parts.forEach((part: unknown, partIndex) => {
      readPart(part, { path: `${path}.parts[${partIndex}]`, role, derivedId: `call_${contentIndex}_${partIndex}`, pending, out });
    });
    if (out.length > 0) messages.push({ role, parts: out });
  });
  return messages;
}

function roleOf(role: unknown, path: string): "user" | "assistant" {
  if (role === undefined || role === null || role === "" || role === "user") return "user";
  if (role === "model") return "assistant";
  // The v1beta API once used "function" for function responses; some clients still send it.
  if (role === "function") return "user";
  throw invalidField(`${path}.role`, `must be "user" or "model", not ${JSON.stringify(role)}`);
}

interface PartContext {
  path: string;
  role: "user" | "assistant";
  derivedId: string;
  pending: PendingCall[];
  out: ContentPart[];
}

function readPart(part: unknown, context: PartContext): void {
  const { path, role, out } = context;
  if (!isJsonObject(part)) throw invalidField(path, "must be an object");
  const signature = readClientThoughtSignature(readField(part, "thoughtSignature"));
  const functionCall = readField(part, "functionCall");
  if (functionCall !== undefined) {
    const call = readFunctionCall(functionCall, `${path}.functionCall`, context.derivedId);
    if (signature?.format === "gemini") call.signature = signature;
    else if (signature !== undefined) addForeignSignature(out, signature);
    out.push(call);
    context.pending.push({ id: call.id, name: call.name });
    return;
  }
  const functionResponse = readField(part, "functionResponse");
  if (functionResponse !== undefined) {
    out.push(readFunctionResponse(functionResponse, `${path}.functionResponse`, context));
    return;
  }
  const text = part.text;
  if (text !== undefined && typeof text !== "string") throw invalidField(`${path}.text`, "must be a string");
  if (typeof text === "string" && part.thought === true && role === "assistant") {
    // Thought text streams in many parts; consecutive unsigned ones are one reasoning block, closed by a signature.
    const previous = out.at(-1);
    if (previous?.type === "reasoning" && previous.signature === undefined && previous.redacted !== true) {
      previous.text += text;
      if (signature !== undefined) previous.signature = signature;
    } else if (text !== "" || signature !== undefined) {
      out.push({ type: "reasoning", text, ...(signature !== undefined ? { signature } : {}) });
    }
    return;
  }
  if (signature !== undefined && role === "assistant") {
    if (signature.format === "gemini") out.push({ type: "reasoning", text: "", signature });
    else addForeignSignature(out, signature);
  }
  if (typeof text === "string") {
    if (text !== "") out.push({ type: "text", text });
    return;
  }
  const media = readMedia(part, path);
  if (media !== undefined) {
    out.push(media);
    return;
  }
  const codeText = readCodeExecution(part);
  if (codeText !== undefined) out.push({ type: "text", text: codeText });
  // Anything else (videoMetadata alone, a part kind newer than this codec) carries nothing a model can read.
}

/**
 * A token another format issued, which our formatter put on the part after the thinking it closes: it belongs to
 * that thinking. When the client kept the thought text (SDK chat history does; Gemini CLI drops it) the two are
 * joined again, which formats that check the text against the token (Anthropic) need.
 */
function addForeignSignature(out: ContentPart[], signature: OpaqueSignature): void {
  const previous = out.at(-1);
  if (previous?.type === "reasoning" && previous.text !== "" && previous.signature === undefined && previous.redacted !== true) previous.signature = signature;
  else out.push({ type: "reasoning", text: "", signature });
}

function readFunctionCall(value: unknown, path: string, derivedId: string): Extract<ContentPart, { type: "tool-call" }> {
  if (!isJsonObject(value)) throw invalidField(path, "must be an object");
  if (typeof value.name !== "string" || value.name === "") throw invalidField(`${path}.name`, "is required");
  const args = value.args;
  if (args !== undefined && args !== null && !isJsonObject(args)) throw invalidField(`${path}.args`, "must be an object");
  const id = typeof value.id === "string" && value.id !== "" ? value.id : derivedId;
  return { type: "tool-call", id, name: value.name, arguments: argumentsText(args) };
}

function readFunctionResponse(value: unknown, path: string, context: PartContext): ToolResultPart {
  if (!isJsonObject(value)) throw invalidField(path, "must be an object");
  const name = value.name;
  if (typeof name !== "string" || name === "") throw invalidField(`${path}.name`, "is required");
  const id = typeof value.id === "string" && value.id !== "" ? value.id : undefined;
  const pending = context.pending;
  const matched = id !== undefined ? pending.findIndex((call) => call.id === id) : pending.findIndex((call) => call.name === name);
  const toolCallId = id ?? (matched !== -1 ? (pending[matched] as PendingCall).id : context.derivedId);
  if (matched !== -1) pending.splice(matched, 1);
  const { text, isError } = responseText(value.response);
  const content: Array<TextPart | ImagePart> = text !== "" ? [{ type: "text", text }] : [];
  // Gemini 3 multimodal function responses carry media in `functionResponse.parts`.
  if (Array.isArray(value.parts)) {
    value.parts.forEach((part: unknown, index) => {
      const media = readMedia(part, `${path}.parts[${index}]`);
      if (media?.type === "image") content.push(media);
    });
  }
  return { type: "tool-result", toolCallId, toolName: name, content, ...(isError ? { isError: true } : {}) };
}

/**
 * A function response as text. Gemini's convention is `{output: …}` for a result and `{error: …}` for a failure
 * (what Gemini CLI sends); those are unwrapped so another model reads the plain result, and an error is marked
 * as one. Any other object is passed on as its JSON.
 */
function responseText(response: unknown): { text: string; isError: boolean } {
  if (response === undefined || response === null) return { text: "", isError: false };
  if (isJsonObject(response)) {
    const keys = Object.keys(response);
    if (keys.length === 1 && typeof response.output === "string") return { text: response.output, isError: false };
    if (keys.length === 1 && response.error !== undefined) {
      return { text: typeof response.error === "string" ? response.error : JSON.stringify(response.error), isError: true };
    }
  }
  return { text: JSON.stringify(response), isError: false };
}

/** `inlineData` / `fileData` as an image part (image MIME types) or a file part (PDFs, audio, video, text). */
function readMedia(part: unknown, path: string): ImagePart | Extract<ContentPart, { type: "file" }> | undefined {
  const inline = readField(part, "inlineData");
  if (inline !== undefined) {
    const mimeType = readField(inline, "mimeType");
    const data = readField(inline, "data");
    if (typeof mimeType !== "string" || mimeType === "") throw invalidField(`${path}.inlineData.mimeType`, "is required");
    if (typeof data !== "string") throw invalidField(`${path}.inlineData.data`, "must be a base64 string");
    const source = { kind: "base64" as const, mediaType: mimeType, data };
    return mimeType.startsWith("image/") ? { type: "image", source } : { type: "file", source };
  }
  const file = readField(part, "fileData");
  if (file !== undefined) {
    const uri = readField(file, "fileUri");
    if (typeof uri !== "string" || uri === "") throw invalidField(`${path}.fileData.fileUri`, "is required");
    const mimeType = readField(file, "mimeType");
    const source = { kind: "url" as const, url: uri };
    return typeof mimeType === "string" && mimeType.startsWith("image/") ? { type: "image", source } : { type: "file", source };
  }
  return undefined;
}

/**
 * Code-execution turns (`executableCode`, `codeExecutionResult`) have no canonical part; as text they keep
 * their content readable by whichever model answers next.
 */
function readCodeExecution(part: JsonObject): string | undefined {
  const code = readField(part, "executableCode");
  if (isJsonObject(code) && typeof code.code === "string") {
    const language = typeof code.language === "string" ? code.language.toLowerCase().replace("language_unspecified", "") : "";
    return `\`\`\`${language}\n${code.code}\n\`\`\``;
  }
  const result = readField(part, "codeExecutionResult");
  if (isJsonObject(result) && typeof result.output === "string" && result.output !== "") return result.output;
  return undefined;
}
