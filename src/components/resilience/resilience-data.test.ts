import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accountLabel, providerLabel, resilienceStateOf } from "./resilience-data";

describe("resilience data", () => {
  it("reads the two API answers, or refuses what is not them", () => {
    const resilience = { breakers: [], cooldowns: [{ providerId: "openai", accountId: "a1", reason: "rate-limit", until: 5, kind: "account" }], retryBudget: { activeRequests: 0, retriesInUse: 0, limit: 3 } };
    const state = resilienceStateOf(resilience, { accounts: [] }, 42);
    assert.equal(state?.cooldowns.length, 1);
    assert.equal(state?.readAt, 42);
    assert.equal(resilienceStateOf({ error: { code: "unavailable" } }, { accounts: [] }, 42), undefined);
    assert.equal(resilienceStateOf(resilience, null, 42), undefined);
  });

  it("names providers and accounts, falling back to their ids", () => {
    const names = { openai: { displayName: "OpenAI", accounts: { a1: "work" } } };
    assert.equal(providerLabel(names, "openai"), "OpenAI");
    assert.equal(accountLabel(names, "openai", "a1"), "work");
    assert.equal(accountLabel(names, "openai", "gone"), "gone");
    assert.equal(providerLabel(names, "removed"), "removed");
  });
});
