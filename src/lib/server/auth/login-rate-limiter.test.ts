import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLoginRateLimiter, FREE_FAILURES } from "./login-rate-limiter";

function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("login rate limiter", () => {
  it("allows 5 failures, then blocks with a doubling delay capped at 15 minutes", () => {
    const time = clock();
    const limiter = createLoginRateLimiter({ now: time.now });
    for (let index = 0; index < FREE_FAILURES - 1; index += 1) {
      assert.equal(limiter.retryAfterMs("1.2.3.4"), 0);
      limiter.recordFailure("1.2.3.4");
    }
    assert.equal(limiter.retryAfterMs("1.2.3.4"), 0);
    limiter.recordFailure("1.2.3.4");
    const first = limiter.retryAfterMs("1.2.3.4");
    assert.ok(first > 0);
    time.advance(first);
    assert.equal(limiter.retryAfterMs("1.2.3.4"), 0);
    limiter.recordFailure("1.2.3.4");
    assert.equal(limiter.retryAfterMs("1.2.3.4"), first * 2);
    for (let index = 0; index < 30; index += 1) {
      time.advance(limiter.retryAfterMs("1.2.3.4"));
      limiter.recordFailure("1.2.3.4");
    }
    assert.equal(limiter.retryAfterMs("1.2.3.4"), 15 * 60_000);
    assert.equal(limiter.retryAfterMs("5.6.7.8"), 0, "other addresses are unaffected");
  });

  it("a success clears the address; a long quiet period forgets it", () => {
    const time = clock();
    const limiter = createLoginRateLimiter({ now: time.now });
    for (let index = 0; index < FREE_FAILURES; index += 1) limiter.recordFailure("a");
    assert.ok(limiter.retryAfterMs("a") > 0);
    limiter.recordSuccess("a");
    assert.equal(limiter.retryAfterMs("a"), 0);
    for (let index = 0; index < FREE_FAILURES - 1; index += 1) limiter.recordFailure("b");
    time.advance(2 * 60 * 60_000);
    limiter.recordFailure("b");
    assert.equal(limiter.retryAfterMs("b"), 0, "old failures were forgotten");
  });

  it("holds at most maxEntries addresses, dropping the least recently touched", () => {
    const limiter = createLoginRateLimiter({ maxEntries: 100 });
    for (let index = 0; index < 1_000; index += 1) limiter.recordFailure(`10.0.${index >> 8}.${index & 255}`);
    assert.equal(limiter.size, 100);
  });
});
