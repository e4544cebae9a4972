import type { CanonicalRequest, ResponseFormat, ToolChoice } from "../../core/canonical-request";
import { effortOf } from "../../core/reasoning-budget";
import type { UpstreamTarget } from "../wire-codec";
import { formatChatMessages } from "./format-messages";
import type { JsonObject } from "../shared/json-fields";
import { chatMaxOutputTokens, chatReasoningEffort, isOpenAiModel, isOpenAiReasoningModel } from "./openai-model-traits";

/**
 * Canonical request → OpenAI Chat Completions body for an OpenAI-compatible upstream.
 *
 * Choices where providers disagree (see openai-model-traits.ts):
 * - Token limit: `max_completion_tokens` for OpenAI's own models (all of them accept it, and its reasoning
 *   models refuse `max_tokens`); `max_tokens` everywhere else, the one name every compatible provider
 *   accepts (Mistral and older vLLM/DeepSeek builds do not know `max_completion_tokens`). Capped to the
 *   model's known maximum, since clients of other formats ask for far more than e.g. gpt-4o allows.
 * - OpenAI reasoning models get no `temperature`, `top_p` or penalties: they reject any but the defaults, and
 *   clients such as Gemini CLI send them on every request.
 * - `top_k` is not sent (OpenAI rejects it); `user`/`safety_identifier` are not sent (Anthropic's
 *   `metadata.user_id` is a long JSON string that overflows OpenAI's limits, Mistral rejects the field);
 *   `prompt_cache_key` goes to OpenAI models only.
 * - A streaming request always asks for `stream_options.include_usage`, so usage is counted for every stream.
 * - Native tools of other formats are dropped; `tool_choice`/`parallel_tool_calls` go only with tools
 *   (OpenAI refuses them without).
 * - Cache markers are not sent: OpenAI caches prefixes by itself and compatible providers reject unknown
 *   part fields.
 * Fields an OpenAI Chat client sent that the canonical model does not hold (providerOptions["openai-chat"])
 * are merged back last, so they survive a round trip unchanged.
 */
export function formatChatRequest(request: CanonicalRequest, target: UpstreamTarget): JsonObject {
  const model = target.model;
  const body: JsonObject = { model, messages: formatChatMessages(request.system, request.messages) };

  const tools = request.tools.flatMap((tool): JsonObject[] => {
    if (tool.type === "function") {
      const fn: JsonObject = { name: tool.name };
      if (tool.description !== undefined) fn.description = tool.description;
      fn.parameters = tool.parameters;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      return [{ type: "function", function: fn }];
    }
    return tool.format === "openai-chat" ? [tool.definition] : [];
  });
  if (tools.length > 0) {
    body.tools = tools;
    if (request.toolChoice !== undefined) body.tool_choice = chatToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }

  if (request.maxOutputTokens !== undefined) {
    body[isOpenAiModel(model) ? "max_completion_tokens" : "max_tokens"] = chatMaxOutputTokens(request.maxOutputTokens, model);
  }
  if (!isOpenAiReasoningModel(model)) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
    if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  }
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body.stop = request.stopSequences;
  if (request.seed !== undefined) body.seed = request.seed;
  const responseFormat = chatResponseFormat(request.responseFormat);
  if (responseFormat !== undefined) body.response_format = responseFormat;
  const effort = chatReasoningEffort(effortOf(request.reasoning), model);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.metadata.promptCacheKey !== undefined && isOpenAiModel(model)) body.prompt_cache_key = request.metadata.promptCacheKey;

  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  Object.assign(body, request.providerOptions["openai-chat"]);
  return body;
}

function chatToolChoice(choice: ToolChoice): unknown {
  return choice.type === "tool" ? { type: "function", function: { name: choice.name } } : choice.type;
}

function chatResponseFormat(format: ResponseFormat | undefined): JsonObject | undefined {
  switch (format?.type) {
    case undefined:
    case "text":
      // Plain text is the default; leaving it out spares providers that do not know `response_format`.
      return undefined;
    case "json-object":
      return { type: "json_object" };
    case "json-schema": {
      const spec: JsonObject = { name: schemaName(format.name) };
      if (format.description !== undefined) spec.description = format.description;
      spec.schema = format.schema;
      if (format.strict !== undefined) spec.strict = format.strict;
      return { type: "json_schema", json_schema: spec };
    }
  }
}

/** OpenAI requires `^[a-zA-Z0-9_-]{1,64}$`; other formats allow any name (or none). */
function schemaName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return cleaned === "" ? "response" : cleaned;
}
