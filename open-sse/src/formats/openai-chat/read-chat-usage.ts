import type { TokenUsage } from "../../accounting/token-usage";
import { countField, fieldOf } from "../shared/json-fields";

/**
 * Reads an OpenAI Chat `usage` object. OpenAI-compatible providers disagree on where cache counts live:
 * OpenAI uses `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`, and
 * Anthropic-backed routers add `cache_creation_input_tokens`; all are read.
 */
export function readChatUsage(usage: unknown): TokenUsage | null {
  if (typeof usage !== "object" || usage === null) return null;
  const promptDetails = fieldOf(usage, "prompt_tokens_details");
  const completionDetails = fieldOf(usage, "completion_tokens_details");
  return {
    inputTokens: countField(usage, "prompt_tokens"),
    outputTokens: countField(usage, "completion_tokens"),
    cacheReadTokens: countField(promptDetails, "cached_tokens") ?? countField(usage, "prompt_cache_hit_tokens"),
    cacheWriteTokens: countField(promptDetails, "cache_write_tokens") ?? countField(usage, "cache_creation_input_tokens"),
    reasoningTokens: countField(completionDetails, "reasoning_tokens"),
  };
}
