import { emptyCanonicalRequest, type CanonicalMessage, type CanonicalRequest, type TextPart } from "../../core/canonical-request";
import { badRequest } from "../../core/gateway-error";
import type { RequestRoute } from "../wire-codec";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { parseMessageContent, parseSystemContent, type ToolNamesById } from "./parse-content-blocks";
import { parseOutputFormat, parseReasoning } from "./parse-reasoning";
import { parseToolChoice, parseTools } from "./parse-tools";

/** Fields this parser maps into the canonical model; every other top-level field is Anthropic-only. */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  "model", "messages", "system", "tools", "tool_choice", "max_tokens", "temperature", "top_p", "top_k",
  "stop_sequences", "metadata", "stream", "thinking", "output_config",
]);

/**
 * An Anthropic Messages request (what Claude Code and the Anthropic SDKs send) → the canonical request. Used
 * only when the chosen upstream speaks another format: same-format traffic is forwarded as bytes. Fields only
 * Anthropic understands (`context_management`, `service_tier`, `container`, `mcp_servers`, `output_config`
 * beyond effort and format, …) are kept under `providerOptions["anthropic-messages"]`.
 */
export function parseAnthropicRequest(body: Record<string, unknown>, route: RequestRoute): CanonicalRequest {
  const model = typeof body.model === "string" && body.model !== "" ? body.model : route.model;
  if (model === undefined) throw badRequest("missing_model", "model: Field required", "model");
  const request = emptyCanonicalRequest(model);
  request.maxOutputTokens = readMaxTokens(body.max_tokens);

  const conversation = parseConversation(body.messages);
  request.system = [...(body.system === undefined || body.system === null ? [] : parseSystemContent(body.system, "system")), ...conversation.system].filter(
    (part) => !isBillingHeaderBlock(part),
  );
  request.messages = conversation.messages;
  request.tools = parseTools(body.tools);
  Object.assign(request, parseToolChoice(body.tool_choice));

  const outputConfig = readOutputConfig(body.output_config);
  const reasoning = parseReasoning(body.thinking, outputConfig);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const responseFormat = parseOutputFormat(outputConfig);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;

  readSampling(body, request);
  const userId = readUserId(body.metadata);
  if (userId !== undefined) request.metadata.userId = userId;
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") throw invalidField("stream", "must be a boolean");
  request.stream = body.stream === true;

  const anthropicOnly = anthropicOnlyFields(body, outputConfig);
  if (anthropicOnly !== undefined) request.providerOptions["anthropic-messages"] = anthropicOnly;
  return request;
}

/** Anthropic requires `max_tokens`, and so do we: the client asked for Anthropic semantics. */
function readMaxTokens(value: unknown): number {
  if (value === undefined || value === null) throw invalidField("max_tokens", "Field required");
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw invalidField("max_tokens", "must be a positive integer");
  return value;
}

/**
 * `messages`: user and assistant turns. A `role: "system"` entry (Claude Code sends one for some models) is
 * hoisted into the system prompt, in order, after the top-level `system`: other formats have no system turn
 * in mid-conversation, and its text still reaches the model.
 */
function parseConversation(messages: unknown): { system: TextPart[]; messages: CanonicalMessage[] } {
  if (!Array.isArray(messages)) throw invalidField("messages", "must be an array of messages");
  if (messages.length === 0) throw invalidField("messages", "must contain at least one message");
  const toolNames: ToolNamesById = new Map();
  const system: TextPart[] = [];
  const parsed: CanonicalMessage[] = [];
  messages.forEach((message: unknown, index) => {
    const path = `messages.${index}`;
    if (!isJsonObject(message)) throw invalidField(path, "must be an object");
    if (message.content === undefined || message.content === null) throw invalidField(`${path}.content`, "Field required");
    if (message.role === "system") {
      system.push(...parseSystemContent(message.content, `${path}.content`));
      return;
    }
    if (message.role !== "user" && message.role !== "assistant") throw invalidField(`${path}.role`, 'must be "user", "assistant" or "system"');
    parsed.push({ role: message.role, parts: parseMessageContent(message.content, `${path}.content`, toolNames) });
  });
  return { system, messages: parsed };
}

function readOutputConfig(value: unknown): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw invalidField("output_config", "must be an object");
  return value;
}

function readSampling(body: Record<string, unknown>, request: CanonicalRequest): void {
  const temperature = optionalNumber(body.temperature, "temperature");
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body.top_p, "top_p");
  if (topP !== undefined) request.topP = topP;
  const topK = optionalNumber(body.top_k, "top_k");
  if (topK !== undefined) request.topK = topK;
  const stops = body.stop_sequences;
  if (stops === undefined || stops === null) return;
  if (!Array.isArray(stops) || !stops.every((stop) => typeof stop === "string")) throw invalidField("stop_sequences", "must be an array of strings");
  if (stops.length > 0) request.stopSequences = stops;
}

function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidField(path, "must be a number");
  return value;
}

/** `metadata.user_id` is a string (Claude Code's is JSON text: device, account and session ids); kept verbatim. */
function readUserId(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  if (!isJsonObject(metadata)) throw invalidField("metadata", "must be an object");
  const userId = metadata.user_id;
  if (userId === undefined || userId === null) return undefined;
  if (typeof userId !== "string") throw invalidField("metadata.user_id", "must be a string");
  return userId;
}

function anthropicOnlyFields(body: Record<string, unknown>, outputConfig: JsonObject | undefined): JsonObject | undefined {
  const fields: JsonObject = {};
  for (const [key, value] of Object.entries(body)) if (!MAPPED_FIELDS.has(key) && value !== undefined) fields[key] = value;
  if (outputConfig !== undefined) {
    const { effort: _effort, format: _format, ...rest } = outputConfig;
    if (Object.keys(rest).length > 0) fields.output_config = rest;
  }
  return Object.keys(fields).length === 0 ? undefined : fields;
}

/**
 * Claude Code opens its system prompt with `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…;`, a
 * block for Anthropic's own accounting whose version suffix changes with the prompt. Parsing happens only when
 * translating to another provider, where it means nothing to the model and, changing per prompt, would break
 * that provider's prefix cache.
 */
function isBillingHeaderBlock(part: TextPart): boolean {
  return part.text.trimStart().startsWith("x-anthropic-billing-header:");
}
