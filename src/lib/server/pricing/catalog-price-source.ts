/**
 * The provider catalog (open-sse/src/providers/definitions) as a price source: its list prices, long-context tier
 * included, between the user's `/api/pricing` overrides and the shipped defaults (pricing-sources.ts). And its
 * billing facts: an OAuth subscription provider (Claude Code, Codex, Gemini CLI…) is paid for by the plan, so
 * its requests cost $0 in money (their tokens still count toward quota) unless `/api/pricing` says otherwise.
 */
import type { BillingSource, PriceSource } from "../../../../open-sse/src/accounting/price-book";
import type { ModelPrice } from "../../../../open-sse/src/accounting/model-price";
import { getBuiltInProvider } from "../../../../open-sse/src/providers/built-in-providers";

export function catalogPriceSource(): PriceSource {
  const cache = new Map<string, ModelPrice | null>();
  return {
    name: "catalog",
    priceOf(provider, model) {
      const key = `${provider}\u0000${model}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const definition = getBuiltInProvider(provider)?.catalog.find((candidate) => candidate.id === model);
      const price: ModelPrice | null =
        definition?.price === undefined
          ? null
          : Object.freeze({
              ...definition.price,
              ...(definition.longContextPrice !== undefined
                ? { longContext: { aboveInputTokens: definition.longContextPrice.aboveInputTokens, price: withoutTier(definition.longContextPrice.price) } }
                : {}),
            });
      // Model names come from clients: keep the cache bounded.
      if (cache.size > 10_000) cache.clear();
      cache.set(key, price);
      return price ?? undefined;
    },
  };
}

export function catalogBillingSource(): BillingSource {
  return {
    billingOf: (provider) => (getBuiltInProvider(provider)?.oauthFlow !== undefined ? "subscription" : undefined),
  };
}

function withoutTier(price: ModelPrice): Omit<ModelPrice, "longContext"> {
  const { longContext: _ignored, ...base } = price;
  return base;
}
