import type { ReasoningEffort, ReasoningRequest } from "./canonical-request";

/**
 * One table converts between the two ways clients ask for thinking: a qualitative effort (OpenAI
 * `reasoning_effort`, Responses `reasoning.effort`, Gemini 3 `thinkingLevel`, Anthropic `output_config.effort`)
 * and a token budget (Anthropic `thinking.budget_tokens`, Gemini 2.5 `thinkingBudget`). Every translator
 * uses it, so Claude → GPT → Claude keeps the same intent. The target formatter clamps the result to the
 * model (core/model-limits.ts); an effort is never silently dropped.
 */
const BUDGET_FOR_EFFORT: Record<Exclude<ReasoningEffort, "none">, number> = {
  minimal: 1_024,
  low: 4_096,
  medium: 12_288,
  high: 24_576,
  xhigh: 32_768,
};

export function budgetForEffort(effort: ReasoningEffort): number {
  return effort === "none" ? 0 : BUDGET_FOR_EFFORT[effort];
}

/** The effort closest to a budget (0 → none). Bands sit halfway between the table's budgets. */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 0) return "none";
  if (budget <= 2_048) return "minimal";
  if (budget <= 8_192) return "low";
  if (budget <= 18_432) return "medium";
  if (budget <= 28_672) return "high";
  return "xhigh";
}

/**
 * The effort a request means, whichever way it was asked: explicit effort first, then budget, then mode
 * (disabled → none, enabled/adaptive without a number → undefined: let the target use its default).
 */
export function effortOf(reasoning: ReasoningRequest | undefined): ReasoningEffort | undefined {
  if (reasoning === undefined) return undefined;
  if (reasoning.mode === "disabled") return "none";
  if (reasoning.effort !== undefined) return reasoning.effort;
  if (reasoning.budgetTokens !== undefined) return effortForBudget(reasoning.budgetTokens);
  return undefined;
}

/** The budget a request means (undefined: no number asked for, use the target's default). */
export function budgetOf(reasoning: ReasoningRequest | undefined): number | undefined {
  if (reasoning === undefined) return undefined;
  if (reasoning.mode === "disabled") return 0;
  if (reasoning.budgetTokens !== undefined) return reasoning.budgetTokens;
  if (reasoning.effort !== undefined) return budgetForEffort(reasoning.effort);
  return undefined;
}

/** Clamp into [min, max]. */
export function clampBudget(budget: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(budget)));
}

