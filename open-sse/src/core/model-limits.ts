/**
 * Per-model output and thinking limits the translators need (Anthropic requires `max_tokens`; thinking
 * budgets must fit the target model). Matched by model-id prefix, most specific first; the provider
 * catalog will carry these per model, this table is the fallback for ids it does not list.
 * Sources: Anthropic "Models overview" (max output), Google "Gemini thinking" (budget ranges).
 */
interface AnthropicLimit {
  prefix: string;
  maxOutputTokens: number;
}

const ANTHROPIC_LIMITS: readonly AnthropicLimit[] = [
  { prefix: "claude-opus-4-1", maxOutputTokens: 32_000 },
  { prefix: "claude-opus-4-0", maxOutputTokens: 32_000 },
  { prefix: "claude-opus-4-2", maxOutputTokens: 32_000 },
  { prefix: "claude-opus-4", maxOutputTokens: 64_000 },
  { prefix: "claude-sonnet-4", maxOutputTokens: 64_000 },
  { prefix: "claude-haiku-4", maxOutputTokens: 64_000 },
  { prefix: "claude-3-7-sonnet", maxOutputTokens: 64_000 },
  { prefix: "claude-3-5-haiku", maxOutputTokens: 8_192 },
  { prefix: "claude-3-5-sonnet", maxOutputTokens: 8_192 },
  { prefix: "claude-3-haiku", maxOutputTokens: 4_096 },
  { prefix: "claude-3-opus", maxOutputTokens: 4_096 },
];

/** Generous enough for a coding turn, small enough not to eat an account's output-token rate limit. */
const DEFAULT_ANTHROPIC_MAX_TOKENS = 16_384;

/** The largest `max_tokens` the Anthropic model accepts (unknown models: assume a current model's 64k). */
export function anthropicMaxOutputTokens(model: string): number {
  const bare = model.slice(model.lastIndexOf("/") + 1);
  return ANTHROPIC_LIMITS.find((limit) => bare.startsWith(limit.prefix))?.maxOutputTokens ?? 64_000;
}

/**
 * `max_tokens` for an Anthropic request whose client did not say: the default, raised to leave room for a
 * thinking budget (which must be below `max_tokens`), capped by the model.
 */
export function defaultAnthropicMaxTokens(model: string, thinkingBudget?: number): number {
  const cap = anthropicMaxOutputTokens(model);
  const wanted = thinkingBudget === undefined ? DEFAULT_ANTHROPIC_MAX_TOKENS : Math.max(DEFAULT_ANTHROPIC_MAX_TOKENS, thinkingBudget + 4_096);
  return Math.min(wanted, cap);
}

export interface ThinkingRange {
  min: number;
  max: number;
  /** Whether a budget of 0 (thinking off) is accepted. */
  canDisable: boolean;
}

/** Gemini `thinkingBudget` ranges (Gemini 3 models take `thinkingLevel` instead; see reasoning-budget.ts). */
export function geminiThinkingRange(model: string): ThinkingRange {
  const bare = model.slice(model.lastIndexOf("/") + 1);
  if (bare.includes("flash-lite")) return { min: 512, max: 24_576, canDisable: true };
  if (bare.includes("flash")) return { min: 1, max: 24_576, canDisable: true };
  if (bare.includes("pro")) return { min: 128, max: 32_768, canDisable: false };
  return { min: 128, max: 24_576, canDisable: true };
}

/** Gemini 3 and later take a qualitative `thinkingLevel` rather than a token budget. */
export function geminiUsesThinkingLevel(model: string): boolean {
  const bare = model.slice(model.lastIndexOf("/") + 1);
  const match = /^gemini-(\d+)/.exec(bare);
  return match !== null && Number(match[1]) >= 3;
}

/** Anthropic's smallest thinking budget. */
export const ANTHROPIC_MIN_THINKING_BUDGET = 1_024;
