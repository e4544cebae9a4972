import {
  emptyCanonicalRequest,
  type CanonicalMessage,
  type CanonicalRequest,
  type CanonicalTool,
  type ContentPart,
  type ImagePart,
  type ReasoningRequest,
  type ResponseFormat,
} from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../wire-codec";
import { parseDataUrl } from "../shared/data-url";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { imageMediaType } from "./image-media-type";

interface PendingCall {
  id: string;
  name: string;
}

/**
 * An Ollama `POST /api/chat` body → canonical request.
 * - `stream` defaults to true, as in Ollama.
 * - `images` are bare base64 strings; their media type is read from the data's magic bytes.
 * - Tool calls carry their arguments as an object and, from older clients, no id: ids are made up from the
 *   message position, and a `tool` message answers the call named by `tool_call_id`, else the oldest
 *   unanswered call with its `tool_name`, else the oldest unanswered call.
 * - `think`: true/false or a level ("low", "medium", "high", "max"); `keep_alive`, `truncate`, `shift`,
 *   `logprobs` and runner options (`num_ctx`, `num_gpu`, …) concern a local model server and are ignored.
 */
export function parseOllamaRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest {
  const model = route.model ?? body.model;
  if (typeof model !== "string" || model === "") throw badRequest("missing_model", "model is required", "model");
  if (!Array.isArray(body.messages)) throw badRequest("invalid_request", "messages must be an array", "messages");
  // Ollama loads the model on an empty `messages`; a gateway has nothing to load, and no upstream takes it.
  if (body.messages.length === 0) throw badRequest("invalid_request", "messages must contain at least one message", "messages");

  const request = emptyCanonicalRequest(model);
  readMessages(body.messages, request);
  request.tools = readTools(body.tools);

  const responseFormat = readFormat(body.format);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  readOptions(body.options, request);
  const reasoning = readThink(body.think);
  if (reasoning !== undefined) request.reasoning = reasoning;

  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") throw badRequest("invalid_request", "stream must be a boolean", "stream");
  request.stream = body.stream !== false;
  return request;
}

function readMessages(rawMessages: readonly unknown[], request: CanonicalRequest): void {
  const unanswered: PendingCall[] = [];
  const namesById = new Map<string, string>();
  let toolResults: CanonicalMessage | undefined;

  rawMessages.forEach((raw, index) => {
    const path = `messages[${index}]`;
    if (!isJsonObject(raw)) throw badRequest("invalid_request", `${path} must be a message object`, path);
    // Ollama lowercases roles.
    const role = typeof raw.role === "string" ? raw.role.toLowerCase() : raw.role;
    const content = readContent(raw.content, `${path}.content`);
    if (role !== "tool") toolResults = undefined;
    switch (role) {
      case "system":
        if (content !== "") request.system.push({ type: "text", text: content });
        return;
      case "user": {
        const parts: ContentPart[] = [];
        if (content !== "") parts.push({ type: "text", text: content });
        parts.push(...readImages(raw.images, `${path}.images`));
        if (parts.length > 0) request.messages.push({ role: "user", parts });
        return;
      }
      case "assistant": {
        const parts: ContentPart[] = [];
        if (typeof raw.thinking === "string" && raw.thinking !== "") parts.push({ type: "reasoning", text: raw.thinking });
        if (content !== "") parts.push({ type: "text", text: content });
        readToolCalls(raw.tool_calls, path, index).forEach((call) => {
          parts.push(call);
          unanswered.push({ id: call.id, name: call.name });
          namesById.set(call.id, call.name);
        });
        if (parts.length > 0) request.messages.push({ role: "assistant", parts });
        return;
      }
      case "tool": {
        const call = answeredCall(raw, path, unanswered, namesById);
        const resultContent: Array<{ type: "text"; text: string } | ImagePart> = [];
        if (content !== "") resultContent.push({ type: "text", text: content });
        resultContent.push(...readImages(raw.images, `${path}.images`));
        if (toolResults === undefined) {
          toolResults = { role: "user", parts: [] };
          request.messages.push(toolResults);
        }
        toolResults.parts.push({ type: "tool-result", toolCallId: call.id, toolName: call.name, content: resultContent });
        return;
      }
      default: {
        const shown = typeof role === "string" ? `'${role}'` : "missing";
        throw badRequest("invalid_request", `${path}.role is ${shown}; expected one of: system, user, assistant, tool`, `${path}.role`);
      }
    }
  });
}

function readContent(value: unknown, path: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw badRequest("invalid_request", `${path} must be a string`, path);
  return value;
}

function readImages(value: unknown, path: string): ImagePart[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalid_request", `${path} must be an array of base64 strings`, path);
  return value.map((image, index): ImagePart => {
    if (typeof image !== "string" || image === "") throw badRequest("invalid_request", `${path}[${index}] must be a base64 string`, `${path}[${index}]`);
    // Some clients send data URLs although Ollama takes bare base64: both are read.
    const inline = parseDataUrl(image) ?? { mediaType: imageMediaType(image), data: image };
    return { type: "image", source: { kind: "base64", mediaType: inline.mediaType, data: inline.data } };
  });
}

function readToolCalls(value: unknown, path: string, messageIndex: number): Array<{ type: "tool-call"; id: string; name: string; arguments: string }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalid_request", `${path}.tool_calls must be an array`, `${path}.tool_calls`);
  return value.map((raw, callIndex) => {
    const callPath = `${path}.tool_calls[${callIndex}]`;
    const fn = isJsonObject(raw) ? raw.function : undefined;
    if (!isJsonObject(raw) || !isJsonObject(fn)) throw badRequest("invalid_request", `${callPath}.function must be an object`, `${callPath}.function`);
    const name = fn.name;
    if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `${callPath}.function.name must be a non-empty string`, `${callPath}.function.name`);
    const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : `call_${messageIndex}_${callIndex}`;
    return { type: "tool-call" as const, id, name, arguments: argumentsText(fn.arguments, `${callPath}.function.arguments`) };
  });
}

/** Ollama sends arguments as an object; a JSON string (OpenAI habit) is accepted as is. */
function argumentsText(value: unknown, path: string): string {
  if (value === undefined || value === null) return "{}";
  if (isJsonObject(value)) return JSON.stringify(value);
  if (typeof value === "string") return value === "" ? "{}" : value;
  throw badRequest("invalid_request", `${path} must be an object`, path);
}

function answeredCall(raw: JsonObject, path: string, unanswered: PendingCall[], namesById: ReadonlyMap<string, string>): PendingCall {
  const byId = typeof raw.tool_call_id === "string" && raw.tool_call_id !== "" ? raw.tool_call_id : undefined;
  const byName = typeof raw.tool_name === "string" && raw.tool_name !== "" ? raw.tool_name : undefined;
  let position = -1;
  if (byId !== undefined) position = unanswered.findIndex((call) => call.id === byId);
  else if (byName !== undefined) position = unanswered.findIndex((call) => call.name === byName);
  if (position === -1 && byId === undefined && byName === undefined) position = unanswered.length > 0 ? 0 : -1;
  if (position !== -1) return unanswered.splice(position, 1)[0]!;
  // A second answer to an already answered id is still well-formed for every upstream.
  if (byId !== undefined && namesById.has(byId)) return { id: byId, name: namesById.get(byId)! };
  throw badRequest("invalid_request", `${path} answers no tool call of an earlier assistant message`, path);
}

function readTools(value: unknown): CanonicalTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalid_request", "tools must be an array", "tools");
  return value.map((tool, index): CanonicalTool => {
    const path = `tools[${index}]`;
    const fn = isJsonObject(tool) ? tool.function : undefined;
    if (!isJsonObject(fn)) throw badRequest("invalid_request", `${path}.function must be an object`, `${path}.function`);
    const name = fn.name;
    if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `${path}.function.name must be a non-empty string`, `${path}.function.name`);
    const parameters = isJsonObject(fn.parameters) ? fn.parameters : { type: "object", properties: {} };
    return { type: "function", name, parameters, ...(typeof fn.description === "string" ? { description: fn.description } : {}) };
  });
}

/** `format`: "json", or a JSON schema object (structured outputs). */
function readFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (value === "json") return { type: "json-object" };
  if (isJsonObject(value)) return { type: "json-schema", name: "response", schema: value };
  throw badRequest("invalid_request", "format must be \"json\" or a JSON schema object", "format");
}

const NUMERIC_OPTIONS = [
  ["temperature", "temperature"],
  ["top_p", "topP"],
  ["top_k", "topK"],
  ["presence_penalty", "presencePenalty"],
  ["frequency_penalty", "frequencyPenalty"],
] as const;

function readOptions(value: unknown, request: CanonicalRequest): void {
  if (value === undefined || value === null) return;
  if (!isJsonObject(value)) throw badRequest("invalid_request", "options must be an object", "options");
  for (const [key, field] of NUMERIC_OPTIONS) {
    const option = optionalNumber(value, key);
    if (option !== undefined) request[field] = option;
  }
  // num_predict: -1 is "no limit" and -2 "fill the context": both mean no limit to pass on.
  const numPredict = optionalNumber(value, "num_predict");
  if (numPredict !== undefined && numPredict > 0) request.maxOutputTokens = Math.floor(numPredict);
  const seed = optionalNumber(value, "seed");
  if (seed !== undefined) request.seed = Math.trunc(seed);
  const stop = value.stop;
  if (typeof stop === "string" && stop !== "") request.stopSequences = [stop];
  else if (Array.isArray(stop)) {
    if (!stop.every((item): item is string => typeof item === "string")) throw badRequest("invalid_request", "options.stop must be an array of strings", "options.stop");
    const stops = stop.filter((item) => item !== "");
    if (stops.length > 0) request.stopSequences = stops;
  } else if (stop !== undefined && stop !== null) throw badRequest("invalid_request", "options.stop must be an array of strings", "options.stop");
}

function optionalNumber(options: JsonObject, key: string): number | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest("invalid_request", `options.${key} must be a number`, `options.${key}`);
  return value;
}

function readThink(value: unknown): ReasoningRequest | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true) return { mode: "enabled", includeThoughts: true };
  if (value === false) return { mode: "disabled" };
  if (value === "low" || value === "medium" || value === "high") return { mode: "enabled", effort: value, includeThoughts: true };
  if (value === "max") return { mode: "enabled", effort: "xhigh", includeThoughts: true };
  throw badRequest("invalid_request", "think must be a boolean or one of \"low\", \"medium\", \"high\", \"max\"", "think");
}
