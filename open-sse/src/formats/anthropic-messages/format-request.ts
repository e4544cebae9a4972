import type { CanonicalRequest } from "../../core/canonical-request";
import type { UpstreamTarget } from "../wire-codec";
import { cacheControlField } from "./cache-control";
import { isBlank } from "./format-content-blocks";
import { formatMessages, lastAssistantCallsToolsWithoutThinking } from "./format-messages";
import { formatSampling, planThinking } from "./format-thinking";
import { formatToolChoice, formatTools, isForcedToolChoice } from "./format-tools";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { ToolIdMap } from "./tool-id-map";

/**
 * Anthropic has no "any JSON object" mode (structured outputs need a schema), so a JSON-object response
 * format becomes this instruction at the end of the system prompt, after any cached blocks.
 */
export const JSON_OBJECT_INSTRUCTION = "Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences.";

/** The canonical request → an Anthropic Messages request body for `target.model`. */
export function formatAnthropicRequest(request: CanonicalRequest, target: UpstreamTarget): Record<string, unknown> {
  const messages = formatMessages(request.messages, ToolIdMap.forMessages(request.messages));
  const tools = formatTools(request.tools);
  const canThink = !(tools.length > 0 && isForcedToolChoice(request)) && !lastAssistantCallsToolsWithoutThinking(messages);
  const plan = planThinking(request, target.model, canThink);

  const body: JsonObject = { model: target.model, max_tokens: plan.maxTokens, messages };
  const system = formatSystem(request);
  if (system.length > 0) body.system = system;
  if (tools.length > 0) body.tools = tools;
  const toolChoice = formatToolChoice(request, tools.length > 0);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (plan.thinking !== undefined) body.thinking = plan.thinking;
  Object.assign(body, formatSampling(request, plan.isThinking));

  const outputConfig: JsonObject = {};
  if (plan.effort !== undefined) outputConfig.effort = plan.effort;
  // Structured outputs (GA): `output_config.format {type: "json_schema", schema}`.
  if (request.responseFormat?.type === "json-schema") outputConfig.format = { type: "json_schema", schema: request.responseFormat.schema };
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;

  if (request.metadata.userId !== undefined) body.metadata = { user_id: request.metadata.userId };
  body.stream = request.stream;
  mergeAnthropicOnlyFields(body, request.providerOptions["anthropic-messages"]);
  return body;
}

/** System text blocks with their cache markers; blank ones are never sent. */
function formatSystem(request: CanonicalRequest): JsonObject[] {
  const blocks: JsonObject[] = request.system
    .filter((part) => !isBlank(part.text))
    .map((part) => ({ type: "text", text: part.text, ...cacheControlField(part.cacheControl) }));
  if (request.responseFormat?.type === "json-object") blocks.push({ type: "text", text: JSON_OBJECT_INSTRUCTION });
  return blocks;
}

/**
 * Fields an Anthropic client sent that have no canonical place (`context_management`, `service_tier`, …).
 * They never replace a field written above; `output_config` is merged key by key.
 */
function mergeAnthropicOnlyFields(body: JsonObject, fields: Record<string, unknown> | undefined): void {
  if (fields === undefined) return;
  for (const [key, value] of Object.entries(fields)) {
    const current = body[key];
    if (current === undefined) body[key] = value;
    else if (key === "output_config" && isJsonObject(current) && isJsonObject(value)) body[key] = { ...value, ...current };
  }
}
