import type { TokenUsage } from "../../accounting/token-usage";
import { isJsonObject } from "../shared/json-fields";

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * A Responses `usage` object → canonical usage. Its semantics already match the canonical ones:
 * `input_tokens` counts every prompt token (cached ones included, `input_tokens_details.cached_tokens`
 * is their subset) and `output_tokens` includes reasoning (`output_tokens_details.reasoning_tokens`).
 * Responses reports no cache writes. Null (`"usage": null` in `response.created`) reads as not reported.
 */
export function readResponsesUsage(usage: unknown): TokenUsage | null {
  if (!isJsonObject(usage)) return null;
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: isJsonObject(usage.input_tokens_details) ? count(usage.input_tokens_details.cached_tokens) : null,
    cacheWriteTokens: null,
    reasoningTokens: isJsonObject(usage.output_tokens_details) ? count(usage.output_tokens_details.reasoning_tokens) : null,
  };
}
