import type { ModelPrice } from "./model-price";

/**
 * List prices for the built-in providers' current models, keyed `provider/model` (the provider id as routed,
 * the model id as sent upstream), US dollars per million tokens. Used until the provider catalog
 * (open-sse/src/providers) carries a price per model, and after that as the last source of the price book.
 *
 * Checked against each provider's own pricing page (standard tier, pay-as-you-go, no batch discount):
 * - OpenAI: https://platform.openai.com/docs/pricing — "Cached input" is the cache-read price; OpenAI charges
 *   nothing extra for cache writes and bills reasoning tokens as output.
 * - Anthropic: https://docs.claude.com/en/docs/about-claude/pricing — cache writes 1.25× input (5 min) or 2×
 *   (1 h), cache hits 0.1× input; Sonnet 4.5 prompts over 200k input tokens are billed at the long-context
 *   rates on the whole request. Thinking tokens are output tokens.
 * - Google: https://ai.google.dev/gemini-api/docs/pricing — output prices include thinking tokens; "Context
 *   caching" is the cache-read price (storage per hour is not per request and not modelled); Pro models
 *   switch to the >200k prices on prompts over 200k tokens.
 * - DeepSeek: https://api-docs.deepseek.com/quick_start/pricing — V3.2 for both `deepseek-chat` and
 *   `deepseek-reasoner` since 2025-09-29: cache hit / cache miss input, one output price.
 * - Groq: https://groq.com/pricing — no separate reasoning price.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  "openai/gpt-4o": { inputPerMillion: 2.5, cacheReadPerMillion: 1.25, outputPerMillion: 10 },
  "openai/gpt-4o-mini": { inputPerMillion: 0.15, cacheReadPerMillion: 0.075, outputPerMillion: 0.6 },
  "openai/gpt-4.1": { inputPerMillion: 2, cacheReadPerMillion: 0.5, outputPerMillion: 8 },
  "openai/gpt-4.1-mini": { inputPerMillion: 0.4, cacheReadPerMillion: 0.1, outputPerMillion: 1.6 },
  "openai/gpt-4.1-nano": { inputPerMillion: 0.1, cacheReadPerMillion: 0.025, outputPerMillion: 0.4 },
  "openai/gpt-5": { inputPerMillion: 1.25, cacheReadPerMillion: 0.125, outputPerMillion: 10 },
  "openai/gpt-5-mini": { inputPerMillion: 0.25, cacheReadPerMillion: 0.025, outputPerMillion: 2 },
  "openai/gpt-5-nano": { inputPerMillion: 0.05, cacheReadPerMillion: 0.005, outputPerMillion: 0.4 },
  "openai/o3": { inputPerMillion: 2, cacheReadPerMillion: 0.5, outputPerMillion: 8 },
  "openai/o4-mini": { inputPerMillion: 1.1, cacheReadPerMillion: 0.275, outputPerMillion: 4.4 },

  "anthropic/claude-opus-4-5": {
    inputPerMillion: 5,
    cacheWritePerMillion: 6.25,
    cacheWrite1hPerMillion: 10,
    cacheReadPerMillion: 0.5,
    outputPerMillion: 25,
  },
  // Opus 5 and Opus 4.5 share one price row on Anthropic's page.
  "anthropic/claude-opus-5": {
    inputPerMillion: 5,
    cacheWritePerMillion: 6.25,
    cacheWrite1hPerMillion: 10,
    cacheReadPerMillion: 0.5,
    outputPerMillion: 25,
  },
  "anthropic/claude-sonnet-4-5": {
    inputPerMillion: 3,
    cacheWritePerMillion: 3.75,
    cacheWrite1hPerMillion: 6,
    cacheReadPerMillion: 0.3,
    outputPerMillion: 15,
    longContext: {
      aboveInputTokens: 200_000,
      price: { inputPerMillion: 6, cacheWritePerMillion: 7.5, cacheWrite1hPerMillion: 12, cacheReadPerMillion: 0.6, outputPerMillion: 22.5 },
    },
  },
  "anthropic/claude-haiku-4-5": {
    inputPerMillion: 1,
    cacheWritePerMillion: 1.25,
    cacheWrite1hPerMillion: 2,
    cacheReadPerMillion: 0.1,
    outputPerMillion: 5,
  },

  "gemini/gemini-2.5-pro": {
    inputPerMillion: 1.25,
    cacheReadPerMillion: 0.125,
    outputPerMillion: 10,
    longContext: { aboveInputTokens: 200_000, price: { inputPerMillion: 2.5, cacheReadPerMillion: 0.25, outputPerMillion: 15 } },
  },
  "gemini/gemini-2.5-flash": { inputPerMillion: 0.3, cacheReadPerMillion: 0.03, outputPerMillion: 2.5 },
  "gemini/gemini-3-pro-preview": {
    inputPerMillion: 2,
    cacheReadPerMillion: 0.2,
    outputPerMillion: 12,
    longContext: { aboveInputTokens: 200_000, price: { inputPerMillion: 4, cacheReadPerMillion: 0.4, outputPerMillion: 18 } },
  },

  "ds/deepseek-chat": { inputPerMillion: 0.28, cacheReadPerMillion: 0.028, outputPerMillion: 0.42 },
  "ds/deepseek-reasoner": { inputPerMillion: 0.28, cacheReadPerMillion: 0.028, outputPerMillion: 0.42 },

  "groq/llama-3.3-70b-versatile": { inputPerMillion: 0.59, outputPerMillion: 0.79 },
  "groq/openai/gpt-oss-120b": { inputPerMillion: 0.15, cacheReadPerMillion: 0.075, outputPerMillion: 0.6 },
});
