import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeCost, explainCost } from "./compute-cost";
import type { PriceQuote } from "./price-book";
import type { TokenUsage } from "./token-usage";

const usage = (fields: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: null,
  outputTokens: null,
  cacheReadTokens: null,
  cacheWriteTokens: null,
  reasoningTokens: null,
  ...fields,
});

const sonnet: PriceQuote = {
  source: "default",
  key: "anthropic/claude-sonnet-4-5",
  price: {
    inputPerMillion: 3,
    cacheWritePerMillion: 3.75,
    cacheReadPerMillion: 0.3,
    outputPerMillion: 15,
    longContext: { aboveInputTokens: 200_000, price: { inputPerMillion: 6, cacheWritePerMillion: 7.5, cacheReadPerMillion: 0.6, outputPerMillion: 22.5 } },
  },
};

describe("computeCost", () => {
  it("bills uncached input, cache reads and cache writes each once, at their own prices", () => {
    // A Claude Code turn: 1,000 fresh tokens, 150,000 read from cache, 20,000 written to it, 2,000 out.
    const result = computeCost(usage({ inputTokens: 171_000, cacheReadTokens: 150_000, cacheWriteTokens: 20_000, outputTokens: 2_000 }), sonnet, "metered");
    // 1,000×$3 + 150,000×$0.30 + 20,000×$3.75 + 2,000×$15, per million.
    assert.equal(result.costUsd, 0.003 + 0.045 + 0.075 + 0.03);
    assert.equal(result.costUsd, 0.153);
    assert.deepEqual(result.basis, {
      billing: "metered",
      source: "default",
      key: "anthropic/claude-sonnet-4-5",
      tier: null,
      rates: { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, reasoning: 15 },
    });
  });

  it("prices reasoning at its own price when there is one, else as output, never twice", () => {
    const quote: PriceQuote = { source: "override", key: "x/m", price: { inputPerMillion: 1, outputPerMillion: 4, reasoningPerMillion: 2 } };
    assert.equal(computeCost(usage({ inputTokens: 1_000_000, outputTokens: 3_000_000, reasoningTokens: 1_000_000 }), quote, "metered").costUsd, 1 + 8 + 2);
    const noReasoningPrice: PriceQuote = { ...quote, price: { inputPerMillion: 1, outputPerMillion: 4 } };
    assert.equal(computeCost(usage({ inputTokens: 1_000_000, outputTokens: 3_000_000, reasoningTokens: 1_000_000 }), noReasoningPrice, "metered").costUsd, 1 + 12);
  });

  it("uses the input price for cache classes without their own price", () => {
    const quote: PriceQuote = { source: "override", key: "x/m", price: { inputPerMillion: 2, outputPerMillion: 8 } };
    assert.equal(computeCost(usage({ inputTokens: 3_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000, outputTokens: 0 }), quote, "metered").costUsd, 6);
  });

  it("switches the whole request to long-context prices above the threshold (cache counted in the prompt)", () => {
    const long = computeCost(usage({ inputTokens: 250_000, cacheReadTokens: 200_000, outputTokens: 1_000 }), sonnet, "metered");
    assert.equal(long.basis.tier, "long-context");
    // 50,000×$6 + 200,000×$0.60 + 1,000×$22.50
    assert.equal(long.costUsd, 0.3 + 0.12 + 0.0225);
    assert.equal(computeCost(usage({ inputTokens: 200_000, outputTokens: 0 }), sonnet, "metered").basis.tier, null, "at the threshold: standard");
  });

  it("is exact for prices with many decimals and tiny counts", () => {
    const quote: PriceQuote = { source: "override", key: "x/m", price: { inputPerMillion: 0.0375, outputPerMillion: 0.15 } };
    assert.equal(computeCost(usage({ inputTokens: 7, outputTokens: 3 }), quote, "metered").costUsd, 0.0000007125);
  });

  it("costs 0 on subscription and free accounts, keeping the list price in the breakdown", () => {
    const tokens = usage({ inputTokens: 100_000, outputTokens: 100_000 });
    const subscription = computeCost(tokens, sonnet, "subscription");
    assert.equal(subscription.costUsd, 0);
    const explained = explainCost(tokens, subscription.basis);
    assert.equal(explained.totalUsd, 0);
    assert.equal(explained.listPriceUsd, 0.3 + 1.5);
    assert.equal(computeCost(tokens, undefined, "free").costUsd, 0);
  });

  it("is unknown (null) without a price or without any token count, never a guess", () => {
    assert.equal(computeCost(usage({ inputTokens: 10, outputTokens: 10 }), undefined, "metered").costUsd, null);
    assert.equal(computeCost(usage({}), sonnet, "metered").costUsd, null);
    // Input only (an aborted stream after message_start): the part that is known is billed.
    assert.equal(computeCost(usage({ inputTokens: 100_000 }), sonnet, "metered").costUsd, 0.3);
  });
});

describe("explainCost", () => {
  it("lists each token class with its tokens, price and cost, summing to the row's cost", () => {
    const tokens = usage({ inputTokens: 171_000, cacheReadTokens: 150_000, cacheWriteTokens: 20_000, outputTokens: 2_000, reasoningTokens: 500 });
    const { costUsd, basis } = computeCost(tokens, sonnet, "metered");
    const explained = explainCost(tokens, basis);
    assert.deepEqual(
      explained.lines.map((entry) => [entry.tokenClass, entry.tokens, entry.perMillionUsd, entry.usd]),
      [
        ["input", 1_000, 3, 0.003],
        ["cache_read", 150_000, 0.3, 0.045],
        ["cache_write", 20_000, 3.75, 0.075],
        ["output", 1_500, 15, 0.0225],
        ["reasoning", 500, 15, 0.0075],
      ],
    );
    assert.equal(explained.totalUsd, costUsd);
    assert.deepEqual(explained.notes, []);
  });

  it("says why a cost is missing", () => {
    const { basis } = computeCost(usage({ inputTokens: 5 }), undefined, "metered");
    const explained = explainCost(usage({ inputTokens: 5 }), basis);
    assert.equal(explained.totalUsd, null);
    assert.match(explained.notes.join(" "), /No price is known/);
    assert.match(explained.notes.join(" "), /Output tokens were not reported/);
  });
});

describe("per-image prices", () => {
  const dalle3: PriceQuote = { source: "catalog", key: "openai/dall-e-3", price: { inputPerMillion: 0, outputPerMillion: 0, perImage: 0.04 } };

  it("bills each generated image at its price, with no token counts at all", () => {
    const result = computeCost({ ...usage({}), imageCount: 3 }, dalle3, "metered");
    assert.equal(result.costUsd, 0.12);
    assert.equal(result.basis.rates?.image, 0.04);
    const explained = explainCost({ ...usage({}), imageCount: 3 }, result.basis);
    assert.deepEqual(
      explained.lines.map((entry) => [entry.tokenClass, entry.tokens, entry.perImageUsd, entry.usd]),
      [["image", 3, 0.04, 0.12]],
    );
    assert.equal(explained.totalUsd, 0.12);
  });

  it("adds images to token costs when a model has both (exact sums, no float drift)", () => {
    const quote: PriceQuote = { source: "override", key: "x/img", price: { inputPerMillion: 5, outputPerMillion: 40, perImage: 0.0027 } };
    const result = computeCost({ ...usage({ inputTokens: 10, outputTokens: 4_160 }), imageCount: 1 }, quote, "metered");
    // 10×$5/M + 4,160×$40/M + 1×$0.0027
    assert.equal(result.costUsd, 0.00005 + 0.1664 + 0.0027);
  });

  it("leaves the basis of token-priced models unchanged and ignores imageCount without a per-image price", () => {
    const quote: PriceQuote = { source: "catalog", key: "openai/gpt-image-1", price: { inputPerMillion: 5, outputPerMillion: 40 } };
    const result = computeCost({ ...usage({ inputTokens: 20, outputTokens: 1_056 }), imageCount: 1 }, quote, "metered");
    assert.deepEqual(result.basis.rates, { input: 5, cacheRead: 5, cacheWrite: 5, output: 40, reasoning: 40 });
    assert.equal(result.costUsd, 0.0001 + 0.04224);
  });

  it("an image row of a model with no price at all has an unknown cost; subscription rows cost 0", () => {
    assert.equal(computeCost({ ...usage({}), imageCount: 2 }, undefined, "metered").costUsd, null);
    assert.equal(computeCost({ ...usage({}), imageCount: 2 }, dalle3, "subscription").costUsd, 0);
  });
});
