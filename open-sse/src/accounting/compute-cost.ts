import type { BillingMode } from "./billing-mode";
import type { BasePrice } from "./model-price";
import type { PriceQuote } from "./price-book";
import type { TokenUsage } from "./token-usage";

/** US dollars per million tokens actually applied to each token class of one request. */
export interface CostRates {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  /** US dollars per generated image; present only when the model has a per-image price. */
  image?: number;
}

/** What a row is billed for: its tokens and, for image requests, how many images it produced. */
export type BillableUsage = TokenUsage & { imageCount?: number | null };

/**
 * Everything a row's cost was computed from besides its token counts, so "why this cost" can be shown later
 * even after prices change. Stored once per distinct basis (rows point at it), so field order is fixed.
 */
export interface CostBasis {
  billing: BillingMode;
  /** The price source (`override`, `catalog`, `default`), or null when no price was known. */
  source: string | null;
  /** The `provider/model` price entry used. */
  key: string | null;
  /** Set when the long-prompt tier applied. */
  tier: "long-context" | null;
  rates: CostRates | null;
}

export interface CostResult {
  /** Null when it cannot be known: no price for the model, or no token count reported at all. */
  costUsd: number | null;
  basis: CostBasis;
}

export type TokenClass = "input" | "cache_read" | "cache_write" | "output" | "reasoning" | "image";

export interface CostLine {
  /** `image`: `tokens` counts images and `perImageUsd` is their price (`perMillionUsd` is then 0). */
  tokenClass: TokenClass;
  tokens: number;
  perMillionUsd: number;
  usd: number;
  perImageUsd?: number;
}

export interface CostExplanation {
  billing: BillingMode;
  source: string | null;
  key: string | null;
  tier: "long-context" | null;
  lines: CostLine[];
  /** What the request cost (0 on subscription and free accounts); null when unknown. */
  totalUsd: number | null;
  /** The same tokens at list prices: what a subscription or free request would have cost metered. */
  listPriceUsd: number | null;
  notes: string[];
}

/**
 * Cost = each token class × its price. Canonical usage counts cache reads and writes inside `inputTokens`
 * and reasoning inside `outputTokens` (token-usage.ts), so the uncached input is input − cache reads − cache
 * writes and the plain output is output − reasoning; each part is then billed at its own price exactly once.
 *
 * Arithmetic is done in integer picodollars (prices have at most six decimals per million tokens, i.e. are
 * whole picodollars per token) and divided once at the end, so `costUsd` is the double nearest the exact
 * sum: 1 uncached + 11 cached input and 291 output tokens of grok-3-mini give exactly 0.000146625, the
 * figure xAI itself reports for that request.
 */
export function computeCost(usage: BillableUsage, quote: PriceQuote | undefined, billing: BillingMode): CostResult {
  const applied = quote === undefined ? undefined : appliedPrice(quote, usage);
  const basis: CostBasis = {
    billing,
    source: quote?.source ?? null,
    key: quote?.key ?? null,
    tier: applied?.tier ?? null,
    rates: applied === undefined ? null : ratesOf(applied.price),
  };
  if (billing !== "metered") return { costUsd: 0, basis };
  if (basis.rates === null || !anyReported(usage)) return { costUsd: null, basis };
  return { costUsd: sumUsd(costLines(usage, basis.rates)), basis };
}

/** The breakdown the dashboard shows for a row: one line per token class present, with its price and cost. */
export function explainCost(usage: BillableUsage, basis: CostBasis): CostExplanation {
  const notes: string[] = [];
  const lines = basis.rates === null ? [] : costLines(usage, basis.rates);
  const reported = anyReported(usage);
  const listPriceUsd = basis.rates === null || !reported ? null : sumUsd(lines);
  if (basis.rates === null) notes.push("No price is known for this model: set one under /api/pricing.");
  if (!reported) notes.push("The upstream reported no token counts.");
  if ((usage.imageCount ?? 0) > 0 && basis.rates !== null && basis.rates.image === undefined && usage.inputTokens === null && usage.outputTokens === null) {
    notes.push("This model has no per-image price: set `perImage` under /api/pricing.");
  }
  if (basis.billing !== "metered") notes.push(`This account is billed as ${basis.billing}: requests cost $0; list prices are shown for comparison.`);
  if (basis.tier === "long-context") notes.push("The prompt exceeded the model's long-context threshold: the whole request is billed at the long-context prices.");
  if (usage.inputTokens === null && reported) notes.push("Input tokens were not reported.");
  if (usage.outputTokens === null && reported) notes.push("Output tokens were not reported.");
  if ((usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0) > (usage.inputTokens ?? Infinity)) {
    notes.push("Cache tokens exceed the input count the upstream reported; uncached input was counted as 0.");
  }
  return {
    billing: basis.billing,
    source: basis.source,
    key: basis.key,
    tier: basis.tier,
    lines,
    totalUsd: basis.billing !== "metered" ? 0 : listPriceUsd,
    listPriceUsd,
    notes,
  };
}

function appliedPrice(quote: PriceQuote, usage: TokenUsage): { price: BasePrice; tier: "long-context" | null } {
  const { longContext, ...base } = quote.price;
  if (longContext !== undefined && usage.inputTokens !== null && usage.inputTokens > longContext.aboveInputTokens) {
    return { price: longContext.price, tier: "long-context" };
  }
  return { price: base, tier: null };
}

function ratesOf(price: BasePrice): CostRates {
  return {
    input: price.inputPerMillion,
    cacheRead: price.cacheReadPerMillion ?? price.inputPerMillion,
    cacheWrite: price.cacheWritePerMillion ?? price.inputPerMillion,
    output: price.outputPerMillion,
    reasoning: price.reasoningPerMillion ?? price.outputPerMillion,
    // Only when priced per image, so token-priced rows keep the basis they always had.
    ...(price.perImage !== undefined ? { image: price.perImage } : {}),
  };
}

/** Something billable was reported: token counts, or images (which per-image prices bill without tokens). */
function anyReported(usage: BillableUsage): boolean {
  return usage.inputTokens !== null || usage.outputTokens !== null || (usage.imageCount ?? 0) > 0;
}

function costLines(usage: BillableUsage, rates: CostRates): CostLine[] {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const reasoning = usage.reasoningTokens ?? 0;
  const lines: CostLine[] = [];
  if (usage.inputTokens !== null) lines.push(line("input", Math.max(0, usage.inputTokens - cacheRead - cacheWrite), rates.input));
  if (cacheRead > 0) lines.push(line("cache_read", cacheRead, rates.cacheRead));
  if (cacheWrite > 0) lines.push(line("cache_write", cacheWrite, rates.cacheWrite));
  if (usage.outputTokens !== null) lines.push(line("output", Math.max(0, usage.outputTokens - reasoning), rates.output));
  if (reasoning > 0) lines.push(line("reasoning", reasoning, rates.reasoning));
  const images = usage.imageCount ?? 0;
  if (images > 0 && rates.image !== undefined) lines.push(imageLine(images, rates.image));
  return lines;
}

function imageLine(images: number, perImageUsd: number): CostLine {
  return { tokenClass: "image", tokens: images, perMillionUsd: 0, usd: picoOfImages(images, perImageUsd) / PICO_PER_USD, perImageUsd };
}

/** Per-image prices are whole picodollars (at most twelve decimals), so image costs add up exactly too. */
function picoOfImages(images: number, perImageUsd: number): number {
  return images * Math.round(perImageUsd * PICO_PER_USD);
}

/** Picodollars per token for a price per million tokens: $1/M = 1e-6 $/token = 1e6 pico$/token. */
const PICO_PER_TOKEN_PER_USD_PER_MILLION = 1_000_000;
const PICO_PER_USD = 1e12;

function line(tokenClass: TokenClass, tokens: number, perMillionUsd: number): CostLine {
  return { tokenClass, tokens, perMillionUsd, usd: picoOf(tokens, perMillionUsd) / PICO_PER_USD };
}

function picoOf(tokens: number, perMillionUsd: number): number {
  return tokens * Math.round(perMillionUsd * PICO_PER_TOKEN_PER_USD_PER_MILLION);
}

function sumUsd(lines: readonly CostLine[]): number {
  const pico = (entry: CostLine) =>
    entry.tokenClass === "image" ? picoOfImages(entry.tokens, entry.perImageUsd ?? 0) : picoOf(entry.tokens, entry.perMillionUsd);
  return lines.reduce((sum, entry) => sum + pico(entry), 0) / PICO_PER_USD;
}
