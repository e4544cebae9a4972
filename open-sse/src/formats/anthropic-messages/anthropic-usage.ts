import type { TokenUsage } from "../../accounting/token-usage";
import { countField, fieldOf, isJsonObject, type JsonObject } from "../shared/json-fields";

/** Anthropic's usage figures as the wire states them (input excludes cache reads and writes). */
export interface AnthropicUsageFigures {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  thinking: number | null;
}

export function readUsageFigures(usage: unknown): AnthropicUsageFigures | null {
  if (!isJsonObject(usage)) return null;
  return {
    input: countField(usage, "input_tokens"),
    output: countField(usage, "output_tokens"),
    cacheRead: countField(usage, "cache_read_input_tokens"),
    cacheWrite: countField(usage, "cache_creation_input_tokens"),
    thinking: countField(fieldOf(usage, "output_tokens_details"), "thinking_tokens"),
  };
}

/** Later figures replace earlier ones field by field (message_delta totals are cumulative). */
export function mergeUsageFigures(earlier: AnthropicUsageFigures, later: AnthropicUsageFigures): AnthropicUsageFigures {
  return {
    input: later.input ?? earlier.input,
    output: later.output ?? earlier.output,
    cacheRead: later.cacheRead ?? earlier.cacheRead,
    cacheWrite: later.cacheWrite ?? earlier.cacheWrite,
    thinking: later.thinking ?? earlier.thinking,
  };
}

/**
 * Canonical usage: `inputTokens` counts every prompt token, so Anthropic's cache reads and cache writes are
 * added to its `input_tokens` (which excludes both). Output includes thinking, as Anthropic's already does.
 */
export function toTokenUsage(figures: AnthropicUsageFigures): TokenUsage {
  return {
    inputTokens: figures.input === null ? null : figures.input + (figures.cacheRead ?? 0) + (figures.cacheWrite ?? 0),
    outputTokens: figures.output,
    cacheReadTokens: figures.cacheRead,
    cacheWriteTokens: figures.cacheWrite,
    reasoningTokens: figures.thinking,
  };
}

/** An Anthropic `usage` object → canonical usage (null when there is no usage object). */
export function readAnthropicUsage(usage: unknown): TokenUsage | null {
  const figures = readUsageFigures(usage);
  return figures === null ? null : toTokenUsage(figures);
}

/**
 * Canonical usage → Anthropic's fields: `input_tokens` without the cached part (never below 0), cache figures
 * as reported (null when unknown, as the API's own types allow). `output_tokens` is required by the wire, so
 * an unknown count is 0.
 */
export function formatAnthropicUsage(usage: TokenUsage): JsonObject {
  const cacheRead = usage.cacheReadTokens;
  const cacheWrite = usage.cacheWriteTokens;
  const input = usage.inputTokens === null ? 0 : Math.max(0, usage.inputTokens - (cacheRead ?? 0) - (cacheWrite ?? 0));
  return {
    input_tokens: input,
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
