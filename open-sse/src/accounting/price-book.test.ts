import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_MODEL_PRICES } from "./default-prices";
import { PriceBook, resolveBilling, tablePriceSource, type BillingSource } from "./price-book";

describe("PriceBook", () => {
  const defaults = tablePriceSource("default", { "openai/gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 } });
  const overrides = tablePriceSource("override", { "openai/gpt-4o": { inputPerMillion: 1, outputPerMillion: 2 } });

  it("asks its sources in order: an override wins over the default", () => {
    const book = new PriceBook([overrides, defaults]);
    assert.deepEqual(book.quote("openai", "gpt-4o"), { source: "override", key: "openai/gpt-4o", price: { inputPerMillion: 1, outputPerMillion: 2 } });
    assert.equal(new PriceBook([defaults]).quote("openai", "gpt-4o")?.source, "default");
  });

  it("prices a dated snapshot under its undated entry, but an exact entry for the date wins", () => {
    const book = new PriceBook([defaults]);
    assert.equal(book.quote("openai", "gpt-4o-2024-08-06")?.key, "openai/gpt-4o");
    assert.equal(book.quote("openai", "gpt-4o-20240806")?.key, "openai/gpt-4o");
    const dated = tablePriceSource("override", { "openai/gpt-4o-2024-05-13": { inputPerMillion: 5, outputPerMillion: 15 } });
    assert.equal(new PriceBook([dated, defaults]).quote("openai", "gpt-4o-2024-05-13")?.price.inputPerMillion, 5);
  });

  it("knows nothing about unknown models, providers or a missing model", () => {
    const book = new PriceBook([defaults]);
    assert.equal(book.quote("openai", "gpt-unknown"), undefined);
    assert.equal(book.quote("other", "gpt-4o"), undefined);
    assert.equal(book.quote(null, "gpt-4o"), undefined);
    assert.equal(book.quote("openai", null), undefined);
    assert.equal(book.quote("openai", "constructor"), undefined, "no prototype keys");
  });
});

describe("resolveBilling", () => {
  it("takes the first source that says something, else metered", () => {
    const accounts: BillingSource = { billingOf: (provider, account) => (provider === "cc" && account === "max" ? "subscription" : undefined) };
    const providers: BillingSource = { billingOf: (provider) => (provider === "cc" || provider === "free-tier" ? "free" : undefined) };
    assert.equal(resolveBilling([accounts, providers], "cc", "max"), "subscription");
    assert.equal(resolveBilling([accounts, providers], "cc", "other"), "free");
    assert.equal(resolveBilling([accounts, providers], "openai", "work"), "metered");
    assert.equal(resolveBilling([accounts, providers], null, null), "metered");
  });
});

describe("DEFAULT_MODEL_PRICES", () => {
  it("prices the built-in providers' flagship models, with sane numbers", () => {
    // The models built-in-providers.ts listed when this table was written; the provider catalog takes over after.
    for (const key of ["openai/gpt-4o", "openai/gpt-5", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-pro", "ds/deepseek-chat", "groq/llama-3.3-70b-versatile"]) {
      assert.ok(Object.hasOwn(DEFAULT_MODEL_PRICES, key), `${key} has a default price`);
    }
    for (const [key, price] of Object.entries(DEFAULT_MODEL_PRICES)) {
      for (const value of [price.inputPerMillion, price.outputPerMillion, price.cacheReadPerMillion ?? 0, price.cacheWritePerMillion ?? 0]) {
        assert.ok(Number.isFinite(value) && value >= 0 && value < 1_000, `${key}: ${value}`);
      }
      assert.ok((price.cacheReadPerMillion ?? 0) <= price.inputPerMillion, `${key}: a cache read never costs more than input`);
    }
  });
});
