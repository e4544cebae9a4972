import type { BillingMode } from "./billing-mode";
import type { ModelPrice } from "./model-price";

/**
 * One place prices come from. The price book asks its sources in order and the first that knows the model
 * wins: the user's `/api/pricing` overrides, then the provider catalog, then the shipped defaults
 * (default-prices.ts). A new source (a remote price list, a per-provider catalog) is one more entry.
 */
export interface PriceSource {
  /** Shown in the cost breakdown: `override`, `catalog`, `default`. */
  readonly name: string;
  /** The price for `provider/model` exactly as given, or undefined. */
  priceOf(provider: string, model: string): ModelPrice | undefined;
}

export interface PriceQuote {
  price: ModelPrice;
  /** The source's name. */
  source: string;
  /** The `provider/model` key that matched (a dated model id may match its undated entry). */
  key: string;
}

/** Where an account's billing mode comes from; undefined means "not said here" (the next source is asked). */
export interface BillingSource {
  billingOf(provider: string, account: string | null): BillingMode | undefined;
}

/** A source over a plain `provider/model` → price table. */
export function tablePriceSource(name: string, table: Readonly<Record<string, ModelPrice>>): PriceSource {
  return {
    name,
    priceOf: (provider, model) => (Object.hasOwn(table, `${provider}/${model}`) ? table[`${provider}/${model}`] : undefined),
  };
}

/**
 * Providers answer with dated snapshots (`claude-sonnet-4-5-20250929`, `gpt-4.1-nano-2025-04-14`) of models
 * that are priced under their undated name; the date is dropped when the exact id has no price.
 */
const DATE_SUFFIX = /-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;

export class PriceBook {
  constructor(private readonly sources: readonly PriceSource[]) {}

  quote(provider: string | null, model: string | null): PriceQuote | undefined {
    if (provider === null || model === null || provider === "" || model === "") return undefined;
    const undated = model.replace(DATE_SUFFIX, "");
    const candidates = undated === model ? [model] : [model, undated];
    for (const candidate of candidates) {
      for (const source of this.sources) {
        const price = source.priceOf(provider, candidate);
        if (price !== undefined) return { price, source: source.name, key: `${provider}/${candidate}` };
      }
    }
    return undefined;
  }
}

/** The first source's answer, else "metered": paying per token is what an API key means by default. */
export function resolveBilling(sources: readonly BillingSource[], provider: string | null, account: string | null): BillingMode {
  if (provider === null) return "metered";
  for (const source of sources) {
    const mode = source.billingOf(provider, account);
    if (mode !== undefined) return mode;
  }
  return "metered";
}
