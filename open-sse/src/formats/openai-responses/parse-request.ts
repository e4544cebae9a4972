import {
  emptyCanonicalRequest,
  type CanonicalRequest,
  type ReasoningEffort,
  type ReasoningRequest,
  type ResponseFormat,
} from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../wire-codec";
import { invalidField } from "./invalid-field";
import { isAbsent, isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseInputItems } from "./parse-input-items";
import { parseToolChoice, parseTools } from "./parse-tools";

/** Fields this parse turns into canonical ones; every other field is kept for a Responses upstream. */
const CANONICAL_FIELDS: ReadonlySet<string> = new Set([
  "model",
  "input",
  "instructions",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_output_tokens",
  "temperature",
  "top_p",
  "reasoning",
  "text",
  "stream",
  "prompt_cache_key",
  "user",
  "safety_identifier",
]);

const EFFORTS: ReadonlySet<string> = new Set<ReasoningEffort>(["none", "minimal", "low", "medium", "high", "xhigh"]);

/**
 * A Responses `POST /v1/responses` body → the canonical request. `instructions` and every `system` /
 * `developer` input item become the system parts, instructions first (Codex sends no `instructions`, its
 * system prompt is two `developer` items). Fields only Responses understands (`store`, `include`,
 * `previous_response_id`, `truncation`, `service_tier`, `metadata`, `prompt`, `background`,
 * `text.verbosity`, Codex's `client_metadata`, …) are kept under `providerOptions["openai-responses"]`
 * exactly as sent: the Responses formatter applies them, every other formatter ignores them. The handler
 * refuses `previous_response_id` when the target is not a Responses upstream (the history lives there).
 */
export function parseResponsesRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest {
  const model = route.model ?? body.model;
  if (typeof model !== "string" || model === "") throw badRequest("missing_model", "You must provide a model parameter.", "model");
  const request = emptyCanonicalRequest(model);
  const responsesOnly: JsonObject = {};

  if (!isAbsent(body.instructions)) {
    if (typeof body.instructions !== "string") throw invalidField("instructions", "must be a string");
    if (body.instructions !== "") request.system.push({ type: "text", text: body.instructions });
  }
  if (isAbsent(body.input)) throw invalidField("input", "is required");
  const input = parseInputItems(body.input);
  request.system.push(...input.system);
  request.messages = input.messages;

  request.tools = parseTools(body.tools);
  const choice = parseToolChoice(body.tool_choice);
  if (choice.toolChoice !== undefined) request.toolChoice = choice.toolChoice;
  if (choice.responsesOnly !== undefined) responsesOnly.tool_choice = choice.responsesOnly;
  if (!isAbsent(body.parallel_tool_calls)) request.parallelToolCalls = readBoolean(body.parallel_tool_calls, "parallel_tool_calls");

  if (!isAbsent(body.max_output_tokens)) {
    const max = body.max_output_tokens;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1) throw invalidField("max_output_tokens", "must be a positive integer");
    request.maxOutputTokens = max;
  }
  if (!isAbsent(body.temperature)) request.temperature = readNumber(body.temperature, "temperature");
  if (!isAbsent(body.top_p)) request.topP = readNumber(body.top_p, "top_p");

  const reasoning = parseReasoning(body.reasoning, responsesOnly);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const responseFormat = parseText(body.text, responsesOnly);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;

  request.stream = isAbsent(body.stream) ? false : readBoolean(body.stream, "stream");
  // Every Responses answer reports its usage (in `response.completed`); there is nothing to opt into.
  request.includeUsage = true;

  if (!isAbsent(body.prompt_cache_key)) request.metadata.promptCacheKey = readString(body.prompt_cache_key, "prompt_cache_key");
  // `safety_identifier` replaced `user`; either names the end user.
  const userId = !isAbsent(body.safety_identifier) ? readString(body.safety_identifier, "safety_identifier") : isAbsent(body.user) ? undefined : readString(body.user, "user");
  if (userId !== undefined && userId !== "") request.metadata.userId = userId;

  for (const [key, value] of Object.entries(body)) {
    if (!CANONICAL_FIELDS.has(key) && value !== undefined) responsesOnly[key] = value;
  }
  if (Object.keys(responsesOnly).length > 0) request.providerOptions["openai-responses"] = responsesOnly;
  return request;
}

/** `reasoning: {effort, summary}`; other members (`generate_summary` aside) stay Responses-only. */
function parseReasoning(value: unknown, responsesOnly: JsonObject): ReasoningRequest | undefined {
  if (isAbsent(value)) return undefined;
  if (!isJsonObject(value)) throw invalidField("reasoning", "must be an object");
  const { effort, summary, generate_summary: generateSummary, ...rest } = value;
  const reasoning: ReasoningRequest = {};
  if (!isAbsent(effort)) {
    if (typeof effort !== "string" || !EFFORTS.has(effort)) throw invalidField("reasoning.effort", "must be one of 'none', 'minimal', 'low', 'medium', 'high', 'xhigh'");
    reasoning.effort = effort as ReasoningEffort;
    if (effort === "none") reasoning.mode = "disabled";
  }
  // `generate_summary` is the deprecated spelling of `summary`.
  const summaryValue = isAbsent(summary) ? generateSummary : summary;
  if (!isAbsent(summaryValue)) {
    reasoning.summary = readString(summaryValue, "reasoning.summary");
    reasoning.includeThoughts = reasoning.summary !== "none";
  }
  if (Object.keys(rest).length > 0) responsesOnly.reasoning = rest;
  return Object.keys(reasoning).length === 0 ? undefined : reasoning;
}

/** `text: {format}` → the response format; `verbosity` and anything newer stay Responses-only. */
function parseText(value: unknown, responsesOnly: JsonObject): ResponseFormat | undefined {
  if (isAbsent(value)) return undefined;
  if (!isJsonObject(value)) throw invalidField("text", "must be an object");
  const { format, ...rest } = value;
  if (Object.keys(rest).length > 0) responsesOnly.text = rest;
  if (isAbsent(format)) return undefined;
  if (!isJsonObject(format)) throw invalidField("text.format", "must be an object");
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json-object" };
    case "json_schema": {
      if (typeof format.name !== "string" || format.name === "") throw invalidField("text.format.name", "must be a non-empty string");
      if (!isJsonObject(format.schema)) throw invalidField("text.format.schema", "must be a JSON schema object");
      const schema: ResponseFormat = { type: "json-schema", name: format.name, schema: format.schema };
      if (typeof format.strict === "boolean") schema.strict = format.strict;
      if (typeof format.description === "string") schema.description = format.description;
      return schema;
    }
    default:
      throw invalidField("text.format.type", "must be one of 'text', 'json_object', 'json_schema'");
  }
}

function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw invalidField(path, "must be a boolean");
  return value;
}

function readNumber(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidField(path, "must be a number");
  return value;
}

function readString(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidField(path, "must be a string");
  return value;
}
