import type { CanonicalRequest, ReasoningEffort, ReasoningRequest } from "../core/canonical-request";
import { ANTHROPIC_MIN_THINKING_BUDGET, anthropicMaxOutputTokens, defaultAnthropicMaxTokens, geminiThinkingRange, geminiUsesThinkingLevel } from "../core/model-limits";
import { budgetForEffort, clampBudget, effortForBudget } from "../core/reasoning-budget";
import { geminiThinkingLevel } from "../formats/gemini/format-thinking-config";
import { chatReasoningEffort, isOpenAiReasoningModel } from "../formats/openai-chat/openai-model-traits";
import { clampEffort, openAiModelTraits } from "../formats/openai-responses/openai-model-traits";
import { fieldOf, isJsonObject } from "../formats/shared/json-fields";
import type { ThinkingPolicy, ThinkingSettings, WireFormat } from "../ports";
import { continuesToolLoopWithoutThinking } from "./repair-foreign-turns";

/**
 * The thinking-budget policy (`/api/settings/thinking-budget`): per model or globally, the client's own thinking
 * request is kept (passthrough) or replaced by a fixed budget or effort.
 *
 * Like the system prompt, it is applied on the canonical request for translated targets and as a surgical edit
 * of the client's JSON for same-format passthrough. Both are pure and return a new value (passthrough: the
 * same one), so the handler can apply them per target without the result of one attempt leaking into the next.
 */

const PASSTHROUGH: ThinkingPolicy = Object.freeze({ mode: "passthrough" });

/** A policy that replaces the client's thinking (every mode but passthrough). */
type ActivePolicy = Exclude<ThinkingPolicy, { mode: "passthrough" }>;

/** The policy for one route target: its qualified id's entry, then its bare upstream id's, then the global one. */
export function thinkingPolicyFor(settings: ThinkingSettings | undefined, qualifiedModel: string, upstreamModel: string): ThinkingPolicy {
  if (settings === undefined) return PASSTHROUGH;
  return settings.perModel.get(qualifiedModel) ?? settings.perModel.get(upstreamModel) ?? settings.global;
}

/** Whether a policy turns thinking off: a zero budget or effort "none". */
function disablesThinking(policy: ActivePolicy): boolean {
  return policy.mode === "budget" ? policy.budgetTokens <= 0 : policy.effort === "none";
}

/** The effort a policy means, for formats that speak effort (a budget maps to the nearest band). */
function effortOf(policy: ActivePolicy): ReasoningEffort {
  return policy.mode === "effort" ? policy.effort : effortForBudget(policy.budgetTokens);
}

/** The budget a policy means, for formats that speak tokens (an effort maps through the shared table). */
function budgetOf(policy: ActivePolicy): number {
  return policy.mode === "budget" ? policy.budgetTokens : budgetForEffort(policy.effort);
}

/**
 * A new canonical request whose `reasoning` says what the policy says; the target's formatter converts and
 * clamps it as it would a client's. The client's display wishes (`includeThoughts`, `summary`) are kept: the
 * policy decides how much the model thinks, not whether the client sees a summary of it.
 */
export function applyThinkingToCanonical(request: CanonicalRequest, policy: ThinkingPolicy): CanonicalRequest {
  if (policy.mode === "passthrough") return request;
  if (disablesThinking(policy)) return { ...request, reasoning: { mode: "disabled" } };
  const display: ReasoningRequest = {};
  if (request.reasoning?.includeThoughts !== undefined) display.includeThoughts = request.reasoning.includeThoughts;
  if (request.reasoning?.summary !== undefined) display.summary = request.reasoning.summary;
  const reasoning: ReasoningRequest =
    policy.mode === "budget" ? { mode: "enabled", budgetTokens: policy.budgetTokens, ...display } : { effort: policy.effort, ...display };
  return { ...request, reasoning };
}

/**
 * The client's body with its thinking fields replaced, for a same-format upstream. Only the objects along the
 * edited path are copied. `upstreamModel` is the id sent upstream (limits and Gemini's budget-vs-level choice
 * depend on it).
 */
export function applyThinkingToBody(format: WireFormat, body: Record<string, unknown>, policy: ThinkingPolicy, upstreamModel: string): Record<string, unknown> {
  if (policy.mode === "passthrough") return body;
  switch (format) {
    case "openai-chat":
      return withChatReasoningEffort(body, policy, upstreamModel);
    case "openai-responses":
      return withResponsesReasoning(body, policy, upstreamModel);
    case "anthropic-messages":
      return withAnthropicThinking(body, policy, upstreamModel);
    case "gemini":
      return withGeminiThinking(body, policy, upstreamModel);
    case "ollama":
      // Client-only: always translated, so the canonical path applies the policy.
      return body;
  }
}

/**
 * OpenAI Chat `reasoning_effort`, sent exactly as the Chat translator would send it for this model
 * (formats/openai-chat/openai-model-traits.ts): clamped to the levels the model family takes, and not sent
 * where the model is not known to take it (gpt-4o and most compatible models answer 400), so a global policy
 * never breaks a model without thinking. Where the policy cannot be expressed, the body goes as the client
 * sent it. OpenAI reasoning models refuse sampling parameters unless the effort is `none` (GPT-5.1 and
 * later), so a policy that turns thinking on drops them.
 */
function withChatReasoningEffort(body: Record<string, unknown>, policy: ActivePolicy, model: string): Record<string, unknown> {
  const effort = chatReasoningEffort(effortOf(policy), model);
  if (effort === undefined) return body;
  const next: Record<string, unknown> = { ...body, reasoning_effort: effort };
  if (effort !== "none" && isOpenAiReasoningModel(model)) {
    for (const key of ["temperature", "top_p", "presence_penalty", "frequency_penalty"]) delete next[key];
  }
  return next;
}

/**
 * OpenAI Responses `reasoning.effort`, as the Responses translator sends it (formats/openai-responses/
 * openai-model-traits.ts): clamped to the model's levels, not sent to non-reasoning models, sent as is to ids
 * it does not know. `summary` and the rest of the client's reasoning object stay; sampling parameters go
 * when a reasoning model is asked to think (it refuses them then).
 */
function withResponsesReasoning(body: Record<string, unknown>, policy: ActivePolicy, model: string): Record<string, unknown> {
  const traits = openAiModelTraits(model);
  if (traits.kind === "non-reasoning") return body;
  const effort = clampEffort(effortOf(policy), traits.efforts);
  const reasoning = isJsonObject(body.reasoning) ? body.reasoning : {};
  const next: Record<string, unknown> = { ...body, reasoning: { ...reasoning, effort } };
  if (traits.kind === "reasoning" && effort !== "none") {
    delete next.temperature;
    delete next.top_p;
  }
  return next;
}

/**
 * Anthropic manual thinking: `thinking: {type:"enabled", budget_tokens}` with the budget at least 1024 and below
 * `max_tokens`. When the budget does not fit, `max_tokens` grows by the budget (the client's number was meant
 * for the answer), within the model's output cap; only then is the budget cut to `max_tokens - 1`.
 *
 * Enabling thinking also has to respect what Anthropic refuses alongside it, or the policy would turn a valid
 * request into a 400: `temperature` other than 1, `top_k`, and `top_p` below 0.95 are dropped (the model's
 * defaults apply). Two requests are left as the client sent them, as the Anthropic translator does
 * (formats/anthropic-messages/format-request.ts): one that forces tool use (`tool_choice` any/tool), which
 * manual thinking cannot be combined with, and one continuing a tool loop whose assistant turn has no thinking
 * block to start with (Anthropic requires it once thinking is on, and it cannot be made up).
 */
function withAnthropicThinking(body: Record<string, unknown>, policy: ActivePolicy, model: string): Record<string, unknown> {
  if (disablesThinking(policy)) return { ...body, thinking: { type: "disabled" } };
  const toolChoice = fieldOf(body.tool_choice, "type");
  if (toolChoice === "any" || toolChoice === "tool") return body;
  if (continuesToolLoopWithoutThinking(body.messages)) return body;

  const wanted = Math.max(ANTHROPIC_MIN_THINKING_BUDGET, budgetOf(policy));
  const clientMax = isPositiveInteger(body.max_tokens) ? body.max_tokens : undefined;
  let maxTokens = clientMax ?? defaultAnthropicMaxTokens(model, wanted);
  if (wanted >= maxTokens) maxTokens = Math.max(maxTokens, Math.min(anthropicMaxOutputTokens(model), wanted + maxTokens));
  const budget = Math.min(wanted, maxTokens - 1);

  const display = fieldOf(body.thinking, "display");
  const thinking = { type: "enabled", budget_tokens: budget, ...(display === "summarized" || display === "omitted" ? { display } : {}) };
  const next: Record<string, unknown> = { ...body, thinking, max_tokens: maxTokens };
  if (next.temperature !== undefined && next.temperature !== 1) delete next.temperature;
  delete next.top_k;
  if (typeof next.top_p === "number" && next.top_p < 0.95) delete next.top_p;
  return next;
}

/** Both spellings of both knobs: whichever the client sent, ours replaces it. */
const GEMINI_THINKING_KNOBS = ["thinkingBudget", "thinking_budget", "thinkingLevel", "thinking_level"] as const;

/**
 * Gemini: `generationConfig.thinkingConfig`, in the Gemini translator's terms (formats/gemini/
 * format-thinking-config.ts): Gemini 3 models take `thinkingLevel` (the levels each model has; none can turn
 * thinking off, so "none" asks for the least); earlier models take `thinkingBudget`, clamped to the model's
 * range (0 only where the model can stop thinking). The other knob is removed, since Gemini refuses both
 * together; `includeThoughts` and the rest of the config stay. A client that wrote the snake_case names
 * (`generation_config`, `thinking_config`) gets them edited in place.
 */
function withGeminiThinking(body: Record<string, unknown>, policy: ActivePolicy, model: string): Record<string, unknown> {
  const configKey = body.generationConfig === undefined && body.generation_config !== undefined ? "generation_config" : "generationConfig";
  const config = body[configKey] ?? {};
  if (!isJsonObject(config)) return body;
  const thinkingKey = config.thinkingConfig === undefined && config.thinking_config !== undefined ? "thinking_config" : "thinkingConfig";
  const thinking = config[thinkingKey] ?? {};
  if (!isJsonObject(thinking)) return body;

  const snake = thinkingKey === "thinking_config";
  const kept: Record<string, unknown> = { ...thinking };
  for (const key of GEMINI_THINKING_KNOBS) delete kept[key];
  const knob = geminiUsesThinkingLevel(model)
    ? { [snake ? "thinking_level" : "thinkingLevel"]: geminiThinkingLevel(model, effortOf(policy)) }
    : { [snake ? "thinking_budget" : "thinkingBudget"]: geminiThinkingBudget(policy, model) };
  return { ...body, [configKey]: { ...config, [thinkingKey]: { ...kept, ...knob } } };
}

function geminiThinkingBudget(policy: ActivePolicy, model: string): number {
  const range = geminiThinkingRange(model);
  if (disablesThinking(policy)) return range.canDisable ? 0 : range.min;
  return clampBudget(budgetOf(policy), range.min, range.max);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}
