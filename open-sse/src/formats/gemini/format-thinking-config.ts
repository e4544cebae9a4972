import type { ReasoningEffort, ReasoningRequest } from "../../core/canonical-request";
import { clampBudget, budgetOf, effortOf } from "../../core/reasoning-budget";
import { geminiThinkingRange, geminiUsesThinkingLevel } from "../../core/model-limits";

export type GeminiThinkingLevel = "MINIMAL" | "LOW" | "MEDIUM" | "HIGH";

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: GeminiThinkingLevel;
}

/**
 * `thinkingConfig` for the upstream model, or undefined when the client said nothing about thinking (the
 * model's default applies, as it would for a Gemini client that sent none).
 *
 * Gemini 3 models take a level from the request's effort; Gemini 2.5 models a budget clamped to the model's
 * range. "Off" on a model that cannot turn thinking off (2.5 Pro) becomes its smallest budget. "On" without a
 * number becomes the dynamic budget (-1) on 2.5 (Flash-Lite does not think by default), and no level on 3
 * (its default is dynamic high thinking).
 *
 * Thoughts are requested when the client asked for them, and otherwise whenever it asked for thinking at all:
 * every client format has a place to show reasoning, and the thought text is what a later turn's reasoning
 * block carries.
 */
export function formatThinkingConfig(reasoning: ReasoningRequest | undefined, model: string): GeminiThinkingConfig | undefined {
  if (reasoning === undefined) return undefined;
  const config: GeminiThinkingConfig = {};
  const effort = effortOf(reasoning);
  const thinkingOff = effort === "none";
  if (geminiUsesThinkingLevel(model)) {
    if (effort !== undefined) config.thinkingLevel = geminiThinkingLevel(model, effort);
  } else {
    const budget = budgetOf(reasoning);
    const range = geminiThinkingRange(model);
    if (budget === undefined) {
      if (reasoning.mode === "enabled" || reasoning.mode === "adaptive") config.thinkingBudget = -1;
    } else if (budget <= 0) {
      config.thinkingBudget = range.canDisable ? 0 : range.min;
    } else {
      config.thinkingBudget = clampBudget(budget, range.min, range.max);
    }
  }
  const includeThoughts = reasoning.includeThoughts ?? (thinkingOff ? undefined : true);
  if (includeThoughts !== undefined) config.includeThoughts = includeThoughts;
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Gemini 3 levels by model: Flash models take MINIMAL…HIGH; Pro models start at LOW (no MINIMAL, thinking
 * cannot be turned off), and Gemini 3.0 Pro has no MEDIUM (3.1 Pro added it), so medium rounds up to its
 * default, HIGH.
 */
export function geminiThinkingLevel(model: string, effort: ReasoningEffort): GeminiThinkingLevel {
  const bare = model.slice(model.lastIndexOf("/") + 1);
  const isPro = bare.includes("pro");
  switch (effort) {
    case "none":
    case "minimal":
      return isPro ? "LOW" : "MINIMAL";
    case "low":
      return "LOW";
    case "medium":
      return /^gemini-3-pro/.test(bare) ? "HIGH" : "MEDIUM";
    case "high":
    case "xhigh":
      return "HIGH";
  }
}
