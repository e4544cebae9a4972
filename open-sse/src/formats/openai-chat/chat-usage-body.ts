import type { TokenUsage } from "../../accounting/token-usage";
import type { JsonObject } from "../shared/json-fields";

/**
 * Canonical usage as an OpenAI Chat `usage` object, or undefined when the upstream reported nothing (no
 * numbers are invented). The three totals are required by the wire format, so a missing one of them reads
 * 0 once anything was reported; details appear only when reported. `cache_write_tokens` is not OpenAI's
 * own field but the one OpenRouter uses for prompt-cache writes (Claude upstreams report them).
 */
export function chatUsageBody(usage: TokenUsage): JsonObject | undefined {
  const reported = Object.values(usage).some((value) => value !== null);
  if (!reported) return undefined;
  const promptTokens = usage.inputTokens ?? 0;
  const completionTokens = usage.outputTokens ?? 0;
  const body: JsonObject = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (usage.cacheReadTokens !== null || usage.cacheWriteTokens !== null) {
    const details: JsonObject = {};
    if (usage.cacheReadTokens !== null) details.cached_tokens = usage.cacheReadTokens;
    if (usage.cacheWriteTokens !== null) details.cache_write_tokens = usage.cacheWriteTokens;
    body.prompt_tokens_details = details;
  }
  if (usage.reasoningTokens !== null) body.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return body;
}
