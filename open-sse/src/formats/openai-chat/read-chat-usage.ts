import type { TokenUsage } from "../../accounting/token-usage";

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads an OpenAI Chat `usage` object. OpenAI-compatible providers disagree on where cache counts live:
 * OpenAI uses `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`, and
 * Anthropic-backed routers add `cache_creation_input_tokens`; all are read.
 */
export function readChatUsage(usage: unknown): TokenUsage | null {
  if (typeof usage !== "object" || usage === null) return null;
  const promptDetails = field(usage, "prompt_tokens_details");
  const completionDetails = field(usage, "completion_tokens_details");
  return {
    inputTokens: count(field(usage, "prompt_tokens")),
    outputTokens: count(field(usage, "completion_tokens")),
    cacheReadTokens: count(field(promptDetails, "cached_tokens")) ?? count(field(usage, "prompt_cache_hit_tokens")),
    cacheWriteTokens:
      count(field(promptDetails, "cache_write_tokens")) ?? count(field(usage, "cache_creation_input_tokens")),
    reasoningTokens: count(field(completionDetails, "reasoning_tokens")),
  };
}
