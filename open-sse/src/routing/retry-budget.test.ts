import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RetryBudget } from "./retry-budget";

describe("RetryBudget", () => {
  it("always allows the minimum of 3 retries when quiet", () => {
    const budget = new RetryBudget();
    const ticket = budget.beginRequest();
    assert.deepEqual([1, 2, 3, 4].map(() => ticket.tryConsumeRetry()), [true, true, true, false]);
    ticket.end();
    assert.deepEqual(budget.snapshot(), { activeRequests: 0, retriesInUse: 0, limit: 3 });
  });

  it("admits at most 40 retries in a storm of 200 concurrent requests", async () => {
    const budget = new RetryBudget();
    const tickets = Array.from({ length: 200 }, () => budget.beginRequest());
    const admitted = await Promise.all(
      tickets.map(async (ticket) => {
        await Promise.resolve();
        let count = 0;
        while (count < 5 && ticket.tryConsumeRetry()) count += 1;
        return count;
      }),
    );
    assert.equal(admitted.reduce((sum, count) => sum + count, 0), 40);
    for (const ticket of tickets) budget.endRequest(ticket);
    assert.deepEqual(budget.snapshot(), { activeRequests: 0, retriesInUse: 0, limit: 3 });
  });

  it("returns a request's retries to the pool when it ends, once", () => {
    const budget = new RetryBudget();
    const first = budget.beginRequest();
    const second = budget.beginRequest();
    assert.equal(first.tryConsumeRetry(), true);
    assert.equal(first.tryConsumeRetry(), true);
    assert.equal(first.tryConsumeRetry(), true);
    assert.equal(second.tryConsumeRetry(), false);
    first.end();
    first.end();
    assert.equal(first.tryConsumeRetry(), false);
    assert.equal(second.tryConsumeRetry(), true);
    assert.equal(budget.snapshot().retriesInUse, 1);
    assert.equal(budget.snapshot().activeRequests, 1);
  });

  it("honours a configured ratio and minimum", () => {
    const budget = new RetryBudget({ ratio: 0.5, minimum: 0 });
    const tickets = Array.from({ length: 10 }, () => budget.beginRequest());
    assert.equal(tickets.filter((ticket) => ticket.tryConsumeRetry()).length, 5);
  });
});
