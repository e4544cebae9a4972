/**
 * A model's list prices, in US dollars per million tokens (per image for image models). The provider
 * catalog ships defaults in each provider definition; `/api/pricing` overrides them per model.
 * A field left undefined means "no separate price": cache reads and writes then cost the input price,
 * reasoning tokens the output price.
 */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number;
  /** Prompt-cache writes with the default (5-minute) lifetime. */
  cacheWritePerMillion?: number;
  /** Prompt-cache writes with a 1-hour lifetime (Anthropic prices them higher). */
  cacheWrite1hPerMillion?: number;
  reasoningPerMillion?: number;
  perImage?: number;
  /**
   * Long-prompt tier: a request whose prompt (input including cache reads and writes) is longer than
   * `aboveInputTokens` pays `price` for every token of that request, output included (Claude Sonnet 4.5 and
   * Gemini 2.5 Pro above 200k, for example). Absent: one price whatever the length.
   */
  longContext?: { aboveInputTokens: number; price: BasePrice };
}

/** A price without a further tier: what one request is actually billed at. */
export type BasePrice = Omit<ModelPrice, "longContext">;
