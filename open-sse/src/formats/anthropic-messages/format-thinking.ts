import type { CanonicalRequest, ReasoningEffort } from "../../core/canonical-request";
import { budgetForEffort, budgetOf, clampBudget } from "../../core/reasoning-budget";
import { ANTHROPIC_MIN_THINKING_BUDGET, anthropicMaxOutputTokens, defaultAnthropicMaxTokens } from "../../core/model-limits";
import type { JsonObject } from "../shared/json-fields";

export interface ThinkingPlan {
  maxTokens: number;
  /** The `thinking` field, when one is sent. */
  thinking?: JsonObject;
  /** `output_config.effort` (adaptive thinking only). */
  effort?: string;
  /** Thinking is on: Anthropic then refuses most sampling settings (see formatSampling). */
  isThinking: boolean;
}

/** Anthropic has no `minimal` effort (the lowest is `low`) and no `none` (that is thinking off). */
const ANTHROPIC_EFFORT: Readonly<Record<Exclude<ReasoningEffort, "none">, string>> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
};

/**
 * `max_tokens` and `thinking` for a target model.
 * - adaptive → `{type: "adaptive"}` with any effort as `output_config.effort` (Anthropic's own pairing);
 * - a budget, or an effort alone (OpenAI clients), → `{type: "enabled", budget_tokens}` clamped to
 *   [1024, max_tokens − 1]; when max_tokens leaves no room for 1024, thinking is left off rather than the
 *   client's max_tokens raised;
 * - `enabled` without any number → a medium budget (Anthropic has no default budget);
 * - disabled or effort `none` → `{type: "disabled"}`;
 * - `canThink: false` (a forced tool, or a tool loop whose turn has no Anthropic thinking block) → no
 *   thinking field at all, since Anthropic would reject the request with one.
 * Without a client `max_tokens` the model's default is used, raised to leave room for the budget.
 */
export function planThinking(request: CanonicalRequest, model: string, canThink: boolean): ThinkingPlan {
  const reasoning = request.reasoning;
  const cap = anthropicMaxOutputTokens(model);
  const budget = budgetOf(reasoning);
  const isOff = reasoning?.mode === "disabled" || budget === 0 || reasoning?.effort === "none";
  const isAdaptive = !isOff && reasoning?.mode === "adaptive";
  const wantedBudget = isOff || isAdaptive ? undefined : (budget ?? (reasoning?.mode === "enabled" ? budgetForEffort("medium") : undefined));
  const thinkingBudget = canThink ? wantedBudget : undefined;
  const maxTokens = request.maxOutputTokens !== undefined ? Math.min(request.maxOutputTokens, cap) : defaultAnthropicMaxTokens(model, thinkingBudget ?? (isAdaptive ? budget : undefined));
  const display = reasoning?.includeThoughts === undefined ? {} : { display: reasoning.includeThoughts ? "summarized" : "omitted" };

  if (isOff) return { maxTokens, thinking: { type: "disabled" }, isThinking: false };
  if (!canThink) return { maxTokens, isThinking: false };
  if (isAdaptive) {
    const effort = reasoning?.effort !== undefined && reasoning.effort !== "none" ? { effort: ANTHROPIC_EFFORT[reasoning.effort] } : {};
    return { maxTokens, thinking: { type: "adaptive", ...display }, ...effort, isThinking: true };
  }
  if (thinkingBudget === undefined || maxTokens - 1 < ANTHROPIC_MIN_THINKING_BUDGET) return { maxTokens, isThinking: false };
  const budgetTokens = clampBudget(thinkingBudget, ANTHROPIC_MIN_THINKING_BUDGET, maxTokens - 1);
  return { maxTokens, thinking: { type: "enabled", budget_tokens: budgetTokens, ...display }, isThinking: true };
}

/**
 * Sampling settings, temperature clamped to Anthropic's [0, 1]. With thinking on Anthropic accepts only `temperature: 1`, no `top_k`, and `top_p` within
 * [0.95, 1]; anything else is dropped rather than sent to fail.
 */
export function formatSampling(request: CanonicalRequest, isThinking: boolean): JsonObject {
  const sampling: JsonObject = {};
  // Anthropic's temperature range is [0, 1]; OpenAI clients may send up to 2.
  const temperature = request.temperature === undefined ? undefined : Math.min(Math.max(request.temperature, 0), 1);
  if (temperature !== undefined && (!isThinking || temperature === 1)) sampling.temperature = temperature;
  // Current Claude models refuse `temperature` and `top_p` together (Gemini CLI always sends both): temperature wins.
  if (request.topP !== undefined && sampling.temperature === undefined && (!isThinking || (request.topP >= 0.95 && request.topP <= 1))) sampling.top_p = request.topP;
  if (request.topK !== undefined && !isThinking) sampling.top_k = request.topK;
  // Anthropic rejects stop sequences that are only whitespace.
  const stops = request.stopSequences?.filter((stop) => stop.trim() !== "") ?? [];
  if (stops.length > 0) sampling.stop_sequences = stops;
  return sampling;
}
