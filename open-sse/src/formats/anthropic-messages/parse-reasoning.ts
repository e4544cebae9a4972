import type { ReasoningEffort, ReasoningRequest, ResponseFormat } from "../../core/canonical-request";
import { invalidField } from "./invalid-field";
import { isJsonObject, type JsonObject } from "../shared/json-fields";

/** Anthropic's effort levels; `max` has no equal elsewhere and reads as the highest canonical effort. */
const EFFORTS: Readonly<Record<string, ReasoningEffort>> = { low: "low", medium: "medium", high: "high", xhigh: "xhigh", max: "xhigh" };

/**
 * `thinking` (`enabled` + `budget_tokens`, `adaptive`, `disabled`; `display` summarized/omitted) and
 * `output_config.effort` → one ReasoningRequest. Claude Code sends `{type:"adaptive"}` with
 * `output_config: {effort:"high"}` for newer models and `{type:"enabled", budget_tokens: max_tokens-1}` for
 * older ones; both keep what was said (mode, effort, budget) for the target to convert.
 */
export function parseReasoning(thinking: unknown, outputConfig: JsonObject | undefined): ReasoningRequest | undefined {
  const reasoning: ReasoningRequest = {};
  if (thinking !== undefined && thinking !== null) Object.assign(reasoning, parseThinking(thinking));
  const effort = outputConfig?.effort;
  if (effort !== undefined && effort !== null) {
    const mapped = typeof effort === "string" ? EFFORTS[effort] : undefined;
    if (mapped === undefined) throw invalidField("output_config.effort", 'must be one of "low", "medium", "high", "xhigh", "max"');
    reasoning.effort = mapped;
  }
  return Object.keys(reasoning).length === 0 ? undefined : reasoning;
}

function parseThinking(thinking: unknown): ReasoningRequest {
  if (!isJsonObject(thinking)) throw invalidField("thinking", "must be an object");
  const display = thinking.display === "omitted" ? { includeThoughts: false } : thinking.display === "summarized" ? { includeThoughts: true } : {};
  switch (thinking.type) {
    case "enabled": {
      const budget = thinking.budget_tokens;
      if (typeof budget !== "number" || !Number.isInteger(budget) || budget < 0) {
        throw invalidField("thinking.budget_tokens", "must be a non-negative integer");
      }
      return { mode: "enabled", budgetTokens: budget, ...display };
    }
    case "adaptive":
      return { mode: "adaptive", ...display };
    // Thinking between tool calls only: still thinking, the target decides how much.
    case "between_tools":
      return { mode: "enabled", ...display };
    case "disabled":
      return { mode: "disabled" };
    default:
      throw invalidField("thinking.type", 'must be one of "enabled", "adaptive", "disabled"');
  }
}

/** `output_config.format {type: "json_schema", schema}` (structured outputs) → a JSON-schema response format. */
export function parseOutputFormat(outputConfig: JsonObject | undefined): ResponseFormat | undefined {
  const format = outputConfig?.format;
  if (format === undefined || format === null) return undefined;
  if (!isJsonObject(format) || format.type !== "json_schema") throw invalidField("output_config.format.type", 'must be "json_schema"');
  if (!isJsonObject(format.schema)) throw invalidField("output_config.format.schema", "must be a JSON schema object");
  // Anthropic's format has no name; the canonical one needs one for formats that do (OpenAI json_schema.name).
  return { type: "json-schema", name: "response", schema: format.schema };
}
