import {
  emptyCanonicalRequest,
  type CanonicalRequest,
  type CanonicalTool,
  type ReasoningEffort,
  type ResponseFormat,
  type ToolChoice,
} from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../wire-codec";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseChatMessages } from "./parse-messages";

/**
 * Fields the canonical request expresses completely, which the OpenAI Chat formatter rebuilds from it. Every
 * other top-level field (`logit_bias`, `logprobs`, `n`, `service_tier`, `metadata`, `store`, `modalities`,
 * `prediction`, `verbosity`, `web_search_options`, `user`, provider extensions such as `top_k`) is also kept
 * under providerOptions["openai-chat"], so an OpenAI Chat upstream receives it unchanged and no other format
 * ever sees it.
 */
const CANONICAL_FIELDS: ReadonlySet<string> = new Set([
  "model",
  "messages",
  "tools",
  "functions",
  "tool_choice",
  "function_call",
  "parallel_tool_calls",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "presence_penalty",
  "frequency_penalty",
  "seed",
  "response_format",
  "reasoning_effort",
  "stream",
  "stream_options",
]);

const EFFORTS: ReadonlySet<string> = new Set<ReasoningEffort>(["none", "minimal", "low", "medium", "high", "xhigh"]);

/** An OpenAI Chat Completions request body → canonical request. Invalid input → 400 naming the field. */
export function parseChatRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest {
  const model = route.model ?? body.model;
  if (typeof model !== "string" || model === "") throw badRequest("missing_model", "You must provide a model parameter.", "model");
  if (!Array.isArray(body.messages)) throw badRequest("invalid_request", "'messages' must be an array of message objects.", "messages");
  if (body.messages.length === 0) throw badRequest("invalid_request", "'messages' must contain at least one message.", "messages");

  const request = emptyCanonicalRequest(model);
  const openAiOnly: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (!CANONICAL_FIELDS.has(key) && value !== undefined) openAiOnly[key] = value;
  }

  const { system, messages } = parseChatMessages(body.messages);
  request.system = system;
  request.messages = messages;
  request.tools = [...parseTools(body.tools, "tools"), ...parseLegacyFunctions(body.functions)];

  const toolChoice = parseToolChoice(body.tool_choice, openAiOnly) ?? parseLegacyFunctionCall(body.function_call);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const parallel = optionalBoolean(body, "parallel_tool_calls");
  if (parallel !== undefined) request.parallelToolCalls = parallel;

  // `max_completion_tokens` replaced `max_tokens` (which OpenAI reasoning models refuse); either is accepted.
  const maxTokens = optionalCount(body, "max_completion_tokens") ?? optionalCount(body, "max_tokens");
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  assign(request, "temperature", optionalNumber(body, "temperature"));
  assign(request, "topP", optionalNumber(body, "top_p"));
  // Not OpenAI's: vLLM, Together, OpenRouter and others accept `top_k`; it stays in providerOptions too.
  assign(request, "topK", optionalNumber(body, "top_k"));
  assign(request, "presencePenalty", optionalNumber(body, "presence_penalty"));
  assign(request, "frequencyPenalty", optionalNumber(body, "frequency_penalty"));
  const seed = optionalNumber(body, "seed");
  if (seed !== undefined) {
    if (!Number.isInteger(seed)) throw badRequest("invalid_request", "'seed' must be an integer.", "seed");
    request.seed = seed;
  }
  const stop = parseStop(body.stop);
  if (stop !== undefined) request.stopSequences = stop;
  const responseFormat = parseResponseFormat(body.response_format);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;

  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null) {
    if (typeof effort !== "string") throw badRequest("invalid_request", "'reasoning_effort' must be a string.", "reasoning_effort");
    if (EFFORTS.has(effort)) request.reasoning = { effort: effort as ReasoningEffort };
    else if (effort === "max") {
      // OpenAI's newest level; the canonical scale tops out at xhigh, the exact value goes to OpenAI upstreams.
      request.reasoning = { effort: "xhigh" };
      openAiOnly.reasoning_effort = effort;
    } else {
      // Provider dialects (Groq's "default"): not ours to judge, forwarded to OpenAI Chat upstreams only.
      openAiOnly.reasoning_effort = effort;
    }
  }

  const stream = body.stream;
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") throw badRequest("invalid_request", "'stream' must be a boolean.", "stream");
  request.stream = stream === true;
  const streamOptions = body.stream_options;
  request.includeUsage = request.stream && isJsonObject(streamOptions) && streamOptions.include_usage === true;

  const userId = optionalString(body, "safety_identifier") ?? optionalString(body, "user");
  if (userId !== undefined && userId !== "") request.metadata.userId = userId;
  const cacheKey = optionalString(body, "prompt_cache_key");
  if (cacheKey !== undefined && cacheKey !== "") request.metadata.promptCacheKey = cacheKey;

  if (Object.keys(openAiOnly).length > 0) request.providerOptions["openai-chat"] = openAiOnly;
  return request;
}

function parseTools(value: unknown, path: string): CanonicalTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalid_request", `'${path}' must be an array.`, path);
  return value.map((tool, index): CanonicalTool => {
    const toolPath = `${path}[${index}]`;
    if (!isJsonObject(tool)) throw badRequest("invalid_request", `'${toolPath}' must be an object.`, toolPath);
    // Custom (free-text grammar) tools and future types only OpenAI understands.
    if (tool.type !== "function") return { type: "native", format: "openai-chat", definition: tool };
    return functionTool(tool.function, `${toolPath}.function`);
  });
}

/** Legacy `functions: [{name, description, parameters}]`. */
function parseLegacyFunctions(value: unknown): CanonicalTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("invalid_request", "'functions' must be an array.", "functions");
  return value.map((fn, index) => functionTool(fn, `functions[${index}]`));
}

function functionTool(fn: unknown, path: string): CanonicalTool {
  if (!isJsonObject(fn)) throw badRequest("invalid_request", `'${path}' must be an object.`, path);
  const name = fn.name;
  if (typeof name !== "string" || name === "") throw badRequest("invalid_request", `'${path}.name' must be a non-empty string.`, `${path}.name`);
  const parameters = fn.parameters;
  if (parameters !== undefined && parameters !== null && !isJsonObject(parameters)) {
    throw badRequest("invalid_request", `'${path}.parameters' must be a JSON Schema object.`, `${path}.parameters`);
  }
  return {
    type: "function",
    name,
    // OpenAI documents an omitted schema as "no parameters"; the other formats need the schema spelled out.
    parameters: parameters ?? { type: "object", properties: {} },
    ...(typeof fn.description === "string" ? { description: fn.description } : {}),
    ...(typeof fn.strict === "boolean" ? { strict: fn.strict } : {}),
  };
}

function parseToolChoice(value: unknown, openAiOnly: JsonObject): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  if (isJsonObject(value)) {
    if (value.type === "function") {
      const name = isJsonObject(value.function) ? value.function.name : undefined;
      if (typeof name !== "string" || name === "") throw badRequest("invalid_request", "'tool_choice.function.name' must be a non-empty string.", "tool_choice.function.name");
      return { type: "tool", name };
    }
    if (value.type === "custom") {
      const name = isJsonObject(value.custom) ? value.custom.name : undefined;
      if (typeof name !== "string" || name === "") throw badRequest("invalid_request", "'tool_choice.custom.name' must be a non-empty string.", "tool_choice.custom.name");
      return { type: "tool", name };
    }
    if (value.type === "allowed_tools") {
      // The subset is OpenAI's alone; other formats get the mode, an OpenAI upstream the original object.
      openAiOnly.tool_choice = value;
      const mode = isJsonObject(value.allowed_tools) ? value.allowed_tools.mode : undefined;
      return { type: mode === "required" ? "required" : "auto" };
    }
  }
  throw badRequest("invalid_request", "'tool_choice' must be 'auto', 'none', 'required' or {type: 'function', function: {name}}.", "tool_choice");
}

/** Legacy `function_call: "none" | "auto" | {name}`. */
function parseLegacyFunctionCall(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none") return { type: value };
  if (isJsonObject(value) && typeof value.name === "string" && value.name !== "") return { type: "tool", name: value.name };
  throw badRequest("invalid_request", "'function_call' must be 'auto', 'none' or {name}.", "function_call");
}

function parseStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value === "" ? undefined : [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === "string")) {
    const stops = value.filter((item) => item !== "");
    return stops.length > 0 ? stops : undefined;
  }
  throw badRequest("invalid_request", "'stop' must be a string or an array of strings.", "stop");
}

function parseResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw badRequest("invalid_request", "'response_format' must be an object.", "response_format");
  switch (value.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json-object" };
    case "json_schema": {
      const spec = value.json_schema;
      if (!isJsonObject(spec)) throw badRequest("invalid_request", "'response_format.json_schema' must be an object.", "response_format.json_schema");
      const name = spec.name;
      if (typeof name !== "string" || name === "") {
        throw badRequest("invalid_request", "'response_format.json_schema.name' must be a non-empty string.", "response_format.json_schema.name");
      }
      const schema = spec.schema;
      if (schema !== undefined && schema !== null && !isJsonObject(schema)) {
        throw badRequest("invalid_request", "'response_format.json_schema.schema' must be an object.", "response_format.json_schema.schema");
      }
      return {
        type: "json-schema",
        name,
        schema: schema ?? {},
        ...(typeof spec.strict === "boolean" ? { strict: spec.strict } : {}),
        ...(typeof spec.description === "string" ? { description: spec.description } : {}),
      };
    }
    default:
      throw badRequest("invalid_request", "'response_format.type' must be one of: text, json_object, json_schema.", "response_format.type");
  }
}

type NumericField = "temperature" | "topP" | "topK" | "presencePenalty" | "frequencyPenalty";

function assign(request: CanonicalRequest, field: NumericField, value: number | undefined): void {
  if (value !== undefined) request[field] = value;
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest("invalid_request", `'${key}' must be a number.`, key);
  return value;
}

/** A positive integer (token limits). */
function optionalCount(body: JsonObject, key: string): number | undefined {
  const value = optionalNumber(body, key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw badRequest("invalid_request", `'${key}' must be a positive integer.`, key);
  return value;
}

function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw badRequest("invalid_request", `'${key}' must be a boolean.`, key);
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest("invalid_request", `'${key}' must be a string.`, key);
  return value;
}
