import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, ProviderRuntime } from "../ports";
import { AccountLimiter } from "./account-limiter";

function setup() {
  const clock = { time: 10_000_000 };
  const limiter = new AccountLimiter({ now: () => clock.time });
  return { limiter, clock, advance: (ms: number) => (clock.time += ms) };
}

const account = (overrides: Partial<AccountRuntime> = {}): AccountRuntime => ({
  id: "a1",
  name: "first",
  apiKey: "sk-x",
  baseUrl: "http://127.0.0.1:1/v1",
  priority: 0,
  ...overrides,
});

const provider = (accounts: AccountRuntime[]): ProviderRuntime => ({
  id: "openai",
  displayName: "OpenAI",
  apiFormat: "openai-chat",
  models: [],
  strategy: "round-robin",
  accounts,
});

describe("AccountLimiter", () => {
  it("never limits an account without limits, but counts its recent requests", () => {
    const { limiter } = setup();
    const free = account();
    const leases = Array.from({ length: 50 }, () => limiter.tryAcquire("openai", free));
    assert.ok(leases.every((lease) => lease !== undefined));
    const [view] = limiter.snapshot([provider([free])]);
    assert.equal(view?.inFlight, 50);
    assert.equal(view?.recentRequestsPerMinute, 50);
    assert.equal(view?.atLimit, false);
    assert.equal(view?.maxConcurrent, null);
    assert.equal(view?.effectiveRequestsPerMinute, null);
  });

  it("caps requests in flight at maxConcurrent; a release (once, however often called) frees a slot", () => {
    const { limiter } = setup();
    const capped = account({ maxConcurrent: 2 });
    const first = limiter.tryAcquire("openai", capped);
    const second = limiter.tryAcquire("openai", capped);
    assert.ok(first && second);
    assert.equal(limiter.hasCapacity("openai", capped), false);
    assert.equal(limiter.tryAcquire("openai", capped), undefined);
    assert.equal(limiter.soonestCapacity("openai", [capped]), 1_000, "a concurrency wait has no known end: 1 s");
    first.release();
    first.release();
    assert.equal(limiter.snapshot([provider([capped])])[0]?.inFlight, 1);
    assert.ok(limiter.tryAcquire("openai", capped));
  });

  it("allows requestsPerMinute as a burst, then one more per 60/rate seconds", () => {
    const { limiter, advance } = setup();
    const rated = account({ requestsPerMinute: 6 });
    for (let index = 0; index < 6; index++) limiter.tryAcquire("openai", rated)?.release();
    assert.equal(limiter.tryAcquire("openai", rated), undefined);
    assert.equal(limiter.soonestCapacity("openai", [rated]), 10_000);
    advance(9_999);
    assert.equal(limiter.hasCapacity("openai", rated), false);
    advance(1);
    assert.ok(limiter.tryAcquire("openai", rated));
    assert.equal(limiter.hasCapacity("openai", rated), false);
  });

  it("halves the effective rate on a 429 (once per burst of 429s) and recovers a tenth per minute", () => {
    const { limiter, advance } = setup();
    const rated = account({ requestsPerMinute: 100 });
    limiter.onRateLimited("openai", rated, true);
    limiter.onRateLimited("openai", rated, true);
    const view = () => limiter.snapshot([provider([rated])])[0]!;
    assert.equal(view().effectiveRequestsPerMinute, 50, "one halving for the burst");
    assert.equal(view().autoTuned, true);
    assert.equal(view().rateLimitedResponses, 2);
    assert.equal(view().atLimit, false, "one token left: the first request after the cooldown goes through");
    assert.ok(limiter.tryAcquire("openai", rated));
    assert.equal(view().atLimit, true, "then the halved rate governs");
    advance(5_000);
    limiter.onRateLimited("openai", rated, true);
    assert.equal(view().effectiveRequestsPerMinute, 25);
    advance(60_000);
    assert.equal(view().effectiveRequestsPerMinute, 35);
    advance(5 * 60_000);
    assert.equal(view().effectiveRequestsPerMinute, 85);
    advance(10 * 60_000);
    assert.equal(view().effectiveRequestsPerMinute, 100);
    assert.equal(view().autoTuned, false);
  });

  it("tunes in a limit from the recent rate when none is configured, and lifts it once recovered", () => {
    const { limiter, advance } = setup();
    const free = account();
    for (let index = 0; index < 40; index++) limiter.tryAcquire("openai", free)?.release();
    limiter.onRateLimited("openai", free, true);
    const view = () => limiter.snapshot([provider([free])])[0]!;
    assert.equal(view().effectiveRequestsPerMinute, 20);
    assert.equal(view().requestsPerMinute, null);
    assert.ok(limiter.tryAcquire("openai", free), "the first request after the cooldown");
    assert.equal(limiter.hasCapacity("openai", free), false);
    advance(3_000);
    assert.equal(limiter.hasCapacity("openai", free), true, "20 per minute: one every 3 s");
    advance(5 * 60_000);
    assert.equal(view().effectiveRequestsPerMinute, null, "back at the ceiling: no limit any more");
    assert.equal(view().autoTuned, false);
  });

  it("leaves subscription accounts' rates alone (autoTune false) but counts their 429s", () => {
    const { limiter } = setup();
    const rated = account({ requestsPerMinute: 10 });
    limiter.onRateLimited("cc", rated, false);
    const [view] = limiter.snapshot([{ ...provider([rated]), id: "cc" }]);
    assert.equal(view?.effectiveRequestsPerMinute, 10);
    assert.equal(view?.rateLimitedResponses, 1);
  });

  it("applies a changed configuration at once and forgets accounts no longer configured", () => {
    const { limiter } = setup();
    limiter.tryAcquire("openai", account({ requestsPerMinute: 1 }))?.release();
    assert.equal(limiter.hasCapacity("openai", account({ requestsPerMinute: 1 })), false);
    assert.equal(limiter.hasCapacity("openai", account({ requestsPerMinute: 5 })), true);
    assert.equal(limiter.hasCapacity("openai", account()), true);
    limiter.tryAcquire("openai", account({ id: "gone" }))?.release();
    assert.deepEqual(limiter.snapshot([provider([account()])]).map((view) => view.accountId), ["a1"]);
    limiter.reset();
    assert.equal(limiter.snapshot([provider([account()])])[0]?.recentRequestsPerMinute, 0);
  });

  it("forgets requests older than a minute in the recent rate", () => {
    const { limiter, advance } = setup();
    const free = account();
    limiter.tryAcquire("openai", free)?.release();
    advance(30_000);
    limiter.tryAcquire("openai", free)?.release();
    assert.equal(limiter.snapshot([provider([free])])[0]?.recentRequestsPerMinute, 2);
    advance(40_000);
    assert.equal(limiter.snapshot([provider([free])])[0]?.recentRequestsPerMinute, 1);
  });
  it("sets no limit on a 429 at a trickle: the cooldown handles a window the account did not overrun", () => {
    const { limiter } = setup();
    const free = account();
    for (let index = 0; index < 9; index++) limiter.tryAcquire("openai", free)?.release();
    limiter.onRateLimited("openai", free, true);
    const [view] = limiter.snapshot([provider([free])]);
    assert.equal(view?.effectiveRequestsPerMinute, null);
    assert.equal(view?.rateLimitedResponses, 1);
    assert.equal(limiter.hasCapacity("openai", free), true);
  });
});
