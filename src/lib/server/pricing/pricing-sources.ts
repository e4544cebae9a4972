/**
 * The price book and billing modes the host prices usage rows with, built from the config document: the
 * user's `/api/pricing` overrides first, then the provider catalog (when one is plugged in), then the shipped
 * defaults. Rebuilt only when the document's `pricing` object changes (documents are immutable snapshots).
 */
import type { UsageRow } from "../../../../open-sse/src/ports";
import type { BillingMode } from "../../../../open-sse/src/accounting/billing-mode";
import { computeCost, type CostResult } from "../../../../open-sse/src/accounting/compute-cost";
import { DEFAULT_MODEL_PRICES } from "../../../../open-sse/src/accounting/default-prices";
import type { ModelPrice } from "../../../../open-sse/src/accounting/model-price";
import {
  PriceBook,
  resolveBilling,
  tablePriceSource,
  type BillingSource,
  type PriceSource,
} from "../../../../open-sse/src/accounting/price-book";
import type { TokenUsage } from "../../../../open-sse/src/accounting/token-usage";
import type { ConfigDocument, StoredPricing } from "../config-db/config-db-schema";

export interface PricingOptions {
  readDocument: () => ConfigDocument;
  /** Catalog prices (open-sse/src/providers), asked after the overrides and before the shipped defaults. */
  catalog?: PriceSource;
  /** Billing modes the catalog declares (e.g. an OAuth subscription provider), asked after the overrides. */
  catalogBilling?: BillingSource;
}

export interface Pricing {
  /** The price book for the current document. */
  priceBook(): PriceBook;
  billingOf(provider: string | null, account: string | null): BillingMode;
  /** Cost of one usage row: its upstream model (else the model the client named) at the current prices. */
  costOf(row: UsageRow): CostResult;
  /** Cost of token counts that have not happened yet (budget estimates), at the current prices. */
  costOfTokens(provider: string, model: string, usage: TokenUsage): CostResult;
}

const EMPTY_PRICING: StoredPricing = Object.freeze({ models: Object.freeze({}), billing: Object.freeze({}) });

export function createPricing(options: PricingOptions): Pricing {
  const defaults = tablePriceSource("default", DEFAULT_MODEL_PRICES);
  const built = new WeakMap<StoredPricing, { book: PriceBook; billing: BillingSource[] }>();

  const current = () => {
    const pricing = options.readDocument().pricing ?? EMPTY_PRICING;
    let entry = built.get(pricing);
    if (entry === undefined) {
      const overrides = tablePriceSource("override", pricing.models as Readonly<Record<string, ModelPrice>>);
      const sources = [overrides, ...(options.catalog ? [options.catalog] : []), defaults];
      const configured: BillingSource = { billingOf: (provider, account) => billingFromTable(pricing.billing, provider, account) };
      entry = { book: new PriceBook(sources), billing: [configured, ...(options.catalogBilling ? [options.catalogBilling] : [])] };
      built.set(pricing, entry);
    }
    return entry;
  };

  const billingOf = (provider: string | null, account: string | null) => resolveBilling(current().billing, provider, account);

  return {
    priceBook: () => current().book,
    billingOf,
    costOf(row) {
      const model = row.upstreamModel ?? unqualified(row.model, row.provider);
      return computeCost(row, current().book.quote(row.provider, model), billingOf(row.provider, row.account));
    },
    costOfTokens(provider, model, usage) {
      return computeCost(usage, current().book.quote(provider, model), "metered");
    },
  };
}

/** An account's own entry (`provider/account`) wins over its provider's (`provider`). */
function billingFromTable(table: Readonly<Record<string, BillingMode>>, provider: string, account: string | null): BillingMode | undefined {
  if (account !== null) {
    const own = table[`${provider}/${account}`];
    if (Object.hasOwn(table, `${provider}/${account}`) && own !== undefined) return own;
  }
  return Object.hasOwn(table, provider) ? table[provider] : undefined;
}

/** `openai/gpt-4o` → `gpt-4o` when the row's provider is `openai`; other names as they are. */
function unqualified(model: string | null, provider: string | null): string | null {
  if (model === null || provider === null) return model;
  return model.startsWith(`${provider}/`) ? model.slice(provider.length + 1) : model;
}

/** The stored form of a cost basis: compact, stable JSON (field order is fixed by computeCost). */
export function serializeCostBasis(result: CostResult): string {
  return JSON.stringify(result.basis);
}
