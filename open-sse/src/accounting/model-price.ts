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
}
