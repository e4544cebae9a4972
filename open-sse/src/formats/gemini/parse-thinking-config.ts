import type { ReasoningEffort, ReasoningRequest } from "../../core/canonical-request";
import { readField } from "./field-names";
import { invalidField } from "./invalid-field";
import { isJsonObject } from "../shared/json-fields";

const EFFORT_FOR_LEVEL: Readonly<Record<string, ReasoningEffort>> = {
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
};

/**
 * `generationConfig.thinkingConfig` as a canonical reasoning request. Gemini 2.5 takes a token budget
 * (`-1` = dynamic: thinking on, the model picks the amount; `0` = off), Gemini 3 a level; Gemini CLI sends
 * `includeThoughts` alone for models it does not know. What was said is kept as said: a level stays an
 * effort, a budget a budget (the target converts, core/reasoning-budget.ts).
 */
export function reasoningFromThinkingConfig(config: unknown, path: string): ReasoningRequest | undefined {
  if (config === undefined || config === null) return undefined;
  if (!isJsonObject(config)) throw invalidField(path, "must be an object");
  const reasoning: ReasoningRequest = {};
  const includeThoughts = readField(config, "includeThoughts");
  const thinkingBudget = readField(config, "thinkingBudget");
  const thinkingLevel = readField(config, "thinkingLevel");
  if (includeThoughts !== undefined) {
    if (typeof includeThoughts !== "boolean") throw invalidField(`${path}.includeThoughts`, "must be a boolean");
    reasoning.includeThoughts = includeThoughts;
  }
  if (thinkingBudget !== undefined) {
    if (typeof thinkingBudget !== "number" || !Number.isFinite(thinkingBudget)) throw invalidField(`${path}.thinkingBudget`, "must be a number");
    if (thinkingBudget === 0) reasoning.mode = "disabled";
    else {
      reasoning.mode = "enabled";
      if (thinkingBudget > 0) reasoning.budgetTokens = Math.round(thinkingBudget);
    }
  }
  if (thinkingLevel !== undefined) {
    if (typeof thinkingLevel !== "string") throw invalidField(`${path}.thinkingLevel`, "must be a string");
    const level = thinkingLevel.toLowerCase();
    if (level !== "thinking_level_unspecified") {
      const effort = EFFORT_FOR_LEVEL[level];
      if (effort === undefined) throw invalidField(`${path}.thinkingLevel`, `unknown level '${thinkingLevel}' (expected MINIMAL, LOW, MEDIUM or HIGH)`);
      reasoning.effort = effort;
      reasoning.mode ??= "enabled";
    }
  }
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}
