import type { TokenUsage } from "../../accounting/token-usage";
import type { ResponseContext } from "../wire-codec";
import { formatTextFormat, formatToolChoice, formatTools } from "./format-tools";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { namespacedNames } from "./tool-namespaces";

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export interface ResponseObjectFields {
  status: ResponseStatus;
  output: JsonObject[];
  usage: TokenUsage | null;
  incompleteDetails?: { reason: string } | null;
  error?: { code: string; message: string } | null;
}

export function responseId(context: ResponseContext): string {
  return `resp_${context.requestId}`;
}

/**
 * The Response object a Responses client expects, in JSON answers and in the stream's lifecycle events.
 * Beyond the answer itself OpenAI echoes the request's settings (instructions, tools, tool_choice,
 * reasoning, text, sampling); the SDKs type them as present, so they are echoed from the client's request
 * when the handler passed it, with OpenAI's defaults otherwise. `store` is always false: nothing is kept here,
 * so a `previous_response_id` pointing at this answer could not work.
 */
export function responseObject(context: ResponseContext, fields: ResponseObjectFields): JsonObject {
  const request = context.request;
  const responsesOnly = request?.providerOptions["openai-responses"] ?? {};
  const names = namespacedNames(request?.tools);
  const instructions = request?.system.map((part) => part.text).join("\n\n") ?? "";
  const verbosity = isJsonObject(responsesOnly.text) ? responsesOnly.text.verbosity : undefined;
  return {
    id: responseId(context),
    object: "response",
    created_at: context.createdAt,
    status: fields.status,
    background: false,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: instructions === "" ? null : instructions,
    max_output_tokens: request?.maxOutputTokens ?? null,
    model: context.model,
    output: fields.output,
    parallel_tool_calls: request?.parallelToolCalls ?? true,
    previous_response_id: typeof responsesOnly.previous_response_id === "string" ? responsesOnly.previous_response_id : null,
    prompt_cache_key: request?.metadata.promptCacheKey ?? null,
    reasoning: { effort: request?.reasoning?.effort ?? null, summary: request?.reasoning?.summary ?? null },
    safety_identifier: request?.metadata.userId ?? null,
    store: false,
    temperature: request?.temperature ?? null,
    text: {
      format: request?.responseFormat !== undefined ? formatTextFormat(request.responseFormat) : { type: "text" },
      ...(typeof verbosity === "string" ? { verbosity } : {}),
    },
    tool_choice: responsesOnly.tool_choice ?? (request?.toolChoice !== undefined ? formatToolChoice(request.toolChoice, names) : "auto"),
    tools: request !== undefined ? formatTools(request.tools, names) : [],
    top_p: request?.topP ?? null,
    truncation: typeof responsesOnly.truncation === "string" ? responsesOnly.truncation : "disabled",
    usage: fields.usage === null ? null : formatUsage(fields.usage),
    metadata: isJsonObject(responsesOnly.metadata) ? responsesOnly.metadata : {},
  };
}

/**
 * Canonical usage → Responses `usage`. Its fields are required integers (Codex fails to parse a
 * `response.completed` whose usage lacks one), so a count the upstream did not report is written as 0; usage
 * nobody reported at all is `null`, as in OpenAI's own in-progress events.
 */
export function formatUsage(usage: TokenUsage): JsonObject | null {
  if (usage.inputTokens === null && usage.outputTokens === null) return null;
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}
