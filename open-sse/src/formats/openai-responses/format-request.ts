import { createHash } from "node:crypto";
import type { CanonicalRequest, ReasoningRequest } from "../../core/canonical-request";
import { effortOf } from "../../core/reasoning-budget";
import type { UpstreamTarget } from "../wire-codec";
import { formatInputItems } from "./format-input-items";
import { formatTextFormat, formatToolChoice, formatTools } from "./format-tools";
import { isJsonObject, type JsonObject } from "../shared/json-fields";
import { clampEffort, openAiModelTraits, type OpenAiModelTraits } from "./openai-model-traits";
import { namespacedNames } from "./tool-namespaces";

/** OpenAI's floor for `max_output_tokens`; a smaller value is a 400. */
const MIN_OUTPUT_TOKENS = 16;
/** `safety_identifier` is at most 64 characters. */
const MAX_SAFETY_IDENTIFIER = 64;

/**
 * The canonical request → a Responses upstream body.
 *
 * The request is stateless: `store: false` with `include: ["reasoning.encrypted_content"]`, as Codex sends
 * it. The gateway keeps no response ids, so nothing may depend on OpenAI having stored this turn; instead
 * every reasoning item comes back with its encrypted content, which the client (whatever its format) returns
 * with the next turn, so the model keeps its chain of thought across turns and across tool calls. A
 * Responses client's own `store` / `include` (kept in providerOptions) still win.
 *
 * System parts become `instructions` (one string); the conversation goes in `input` (format-input-items.ts).
 * Canonical fields Responses has no place for are dropped: `stopSequences`, `topK`, `presencePenalty`,
 * `frequencyPenalty`, `seed`. Model-specific parameters follow openai-model-traits.ts.
 */
export function formatResponsesRequest(request: CanonicalRequest, target: UpstreamTarget): JsonObject {
  const traits = openAiModelTraits(target.model);
  const responsesOnly = request.providerOptions["openai-responses"] ?? {};
  const names = namespacedNames(request.tools);
  const body: JsonObject = { model: target.model };

  const instructions = request.system.map((part) => part.text).filter((text) => text !== "").join("\n\n");
  if (instructions !== "") body.instructions = instructions;
  body.input = formatInputItems(request.messages, { names, sendReasoningIds: responsesOnly.store === true });

  const tools = formatTools(request.tools, names);
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice !== undefined) body.tool_choice = formatToolChoice(request.toolChoice, names);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, request.maxOutputTokens);

  const reasoning = formatReasoning(request.reasoning, traits);
  if (reasoning !== undefined) body.reasoning = reasoning;
  if (samplingAllowed(traits, reasoning)) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
  }
  if (request.responseFormat !== undefined) body.text = { format: formatTextFormat(request.responseFormat) };

  body.stream = request.stream;
  body.store = false;
  if (traits.kind !== "non-reasoning") body.include = ["reasoning.encrypted_content"];
  if (request.metadata.promptCacheKey !== undefined) body.prompt_cache_key = request.metadata.promptCacheKey;
  if (request.metadata.userId !== undefined) body.safety_identifier = safetyIdentifier(request.metadata.userId);

  applyResponsesOnly(body, responsesOnly);
  return body;
}

/**
 * `reasoning: {effort, summary}`. The effort comes from whatever the client said (effort, budget or
 * mode, core/reasoning-budget.ts), moved to one the model takes. A summary is asked for when the client
 * wants to see the thinking: it said so, or it turned thinking on without saying (Anthropic clients, where
 * enabled thinking is shown by default).
 */
function formatReasoning(reasoning: ReasoningRequest | undefined, traits: OpenAiModelTraits): JsonObject | undefined {
  if (reasoning === undefined || traits.kind === "non-reasoning") return undefined;
  const formatted: JsonObject = {};
  const effort = effortOf(reasoning);
  if (effort !== undefined) formatted.effort = clampEffort(effort, traits.efforts);
  const wantsThoughts = reasoning.includeThoughts ?? (reasoning.mode === "enabled" || reasoning.mode === "adaptive");
  if (reasoning.summary !== undefined) formatted.summary = reasoning.summary;
  else if (wantsThoughts && effort !== "none") formatted.summary = "auto";
  return Object.keys(formatted).length === 0 ? undefined : formatted;
}

function samplingAllowed(traits: OpenAiModelTraits, reasoning: JsonObject | undefined): boolean {
  if (traits.kind !== "reasoning") return true;
  return traits.samplingWhenEffortNone && reasoning?.effort === "none";
}

/** An id within OpenAI's 64 characters: kept when it fits, else its SHA-256 (stable per user, and not the raw id). */
function safetyIdentifier(userId: string): string {
  return userId.length <= MAX_SAFETY_IDENTIFIER ? userId : createHash("sha256").update(userId).digest("hex");
}

/**
 * A Responses client's own fields, applied last: objects merge one level deep (`text.verbosity` joins
 * `text.format`), `include` lists are united, anything else replaces ours.
 */
function applyResponsesOnly(body: JsonObject, responsesOnly: JsonObject): void {
  for (const [key, value] of Object.entries(responsesOnly)) {
    const current = body[key];
    if (key === "include" && Array.isArray(value) && Array.isArray(current)) body[key] = [...new Set([...current, ...value])];
    else if (isJsonObject(current) && isJsonObject(value)) body[key] = { ...current, ...value };
    else body[key] = value;
  }
}
