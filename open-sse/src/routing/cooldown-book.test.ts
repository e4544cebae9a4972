import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CooldownBook, MAX_HOLD_MS, type CooldownBookOptions } from "./cooldown-book";

function setup(options: Partial<CooldownBookOptions> = {}) {
  const clock = { time: 1_000_000 };
  // random 0.5 → zero jitter, so backoff steps are exact.
  const book = new CooldownBook({ now: () => clock.time, random: () => 0.5, ...options });
  return { book, clock, advance: (ms: number) => (clock.time += ms) };
}

const account = { providerId: "glm", accountId: "a1" };

describe("CooldownBook", () => {
  it("cools an account down for Retry-After and frees it exactly at until, without any sweep", () => {
    const { book, clock, advance } = setup();
    const entry = book.coolDown({ ...account, scope: "account", reason: "rate-limit", retryAfterMs: 30_000 });
    assert.equal(entry.until, clock.time + 30_000);
    assert.equal(book.isAvailable("glm", "a1", "glm-4.7"), false);
    assert.equal(book.isAvailable("glm", "a1"), false);
    advance(29_999);
    assert.equal(book.isAvailable("glm", "a1"), false);
    advance(1);
    assert.equal(book.isAvailable("glm", "a1"), true);
    assert.deepEqual(book.list(), []);
  });

  it("keeps account and (account, model) cooldowns separate", () => {
    const { book } = setup();
    book.coolDown({ ...account, model: "glm-4.7", scope: "model", reason: "quota", retryAfterMs: 60_000 });
    assert.equal(book.isAvailable("glm", "a1", "glm-4.7"), false);
    assert.equal(book.isAvailable("glm", "a1", "glm-4.5"), true);
    assert.equal(book.isAvailable("glm", "a1"), true);
    assert.equal(book.isAvailable("glm", "a2", "glm-4.7"), true);
    const [entry] = book.list();
    assert.equal(entry?.kind, "model");
    assert.equal(entry?.model, "glm-4.7");
  });

  it("rejects a model-scoped cooldown without a model", () => {
    const { book } = setup();
    assert.throws(() => book.coolDown({ ...account, scope: "model", reason: "x" }));
  });

  it("clamps Retry-After to 1 s … 1 h", () => {
    const { book, clock } = setup();
    const short = book.coolDown({ ...account, scope: "account", reason: "r", retryAfterMs: 10 });
    assert.equal(short.until - clock.time, 1_000);
    const zero = book.coolDown({ providerId: "p", accountId: "z", scope: "account", reason: "r", retryAfterMs: 0 });
    assert.equal(zero.until - clock.time, 1_000);
    const long = book.coolDown({ providerId: "p", accountId: "b", scope: "account", reason: "r", retryAfterMs: 86_400_000 });
    assert.equal(long.until - clock.time, 3_600_000);
    const infinite = book.coolDown({ providerId: "p", accountId: "c", scope: "account", reason: "r", retryAfterMs: Infinity });
    assert.equal(infinite.until - clock.time, 3_600_000);
    const negative = book.coolDown({ providerId: "p", accountId: "d", scope: "account", reason: "r", retryAfterMs: -5_000 });
    assert.equal(negative.until - clock.time, 1_000);
  });

  it("falls back to backoff for a NaN hint", () => {
    const { book, clock } = setup();
    const entry = book.coolDown({ ...account, scope: "account", reason: "r", retryAfterMs: Number.NaN });
    assert.equal(entry.until - clock.time, 1_000);
  });

  it("grows backoff exponentially per key, caps it at 1 h and resets it after a success", () => {
    const { book, clock, advance } = setup();
    const durations: number[] = [];
    for (let step = 0; step < 14; step += 1) {
      const entry = book.coolDown({ ...account, scope: "account", reason: "server" });
      durations.push(entry.until - clock.time);
      advance(entry.until - clock.time);
    }
    assert.deepEqual(durations.slice(0, 5), [1_000, 2_000, 4_000, 8_000, 16_000]);
    assert.equal(durations[12], 3_600_000);
    assert.equal(durations[13], 3_600_000);
    // A different key has its own ladder.
    const other = book.coolDown({ ...account, model: "m", scope: "model", reason: "server" });
    assert.equal(other.until - clock.time, 1_000);
    book.recordSuccess("glm", "a1", "m");
    advance(3_600_000);
    assert.equal(book.coolDown({ ...account, scope: "account", reason: "server" }).until - clock.time, 1_000);
    assert.equal(book.coolDown({ ...account, model: "m", scope: "model", reason: "server" }).until - clock.time, 1_000);
  });

  it("applies injected jitter to backoff but not to Retry-After", () => {
    const { book, clock } = setup({ random: () => 0 });
    // −10 % of 1 s would be 900 ms, but clamping happens after jitter, so the 1 s floor holds.
    assert.equal(book.coolDown({ ...account, scope: "account", reason: "r" }).until - clock.time, 1_000);
    assert.equal(book.coolDown({ ...account, scope: "account", reason: "r" }).until - clock.time, 1_800);
    const { book: highBook, clock: highClock } = setup({ random: () => 0.999_999 });
    highBook.coolDown({ ...account, scope: "account", reason: "r" });
    const second = highBook.coolDown({ ...account, scope: "account", reason: "r" });
    assert.ok(second.until - highClock.time > 2_000 && second.until - highClock.time <= 2_200);
    const hinted = book.coolDown({ providerId: "p", accountId: "x", scope: "account", reason: "r", retryAfterMs: 5_000 });
    assert.equal(hinted.until - clock.time, 5_000);
  });

  it("does not shorten an existing longer cooldown", () => {
    const { book, clock } = setup();
    book.coolDown({ ...account, scope: "account", reason: "quota", retryAfterMs: 600_000 });
    const entry = book.coolDown({ ...account, scope: "account", reason: "rate-limit", retryAfterMs: 5_000 });
    assert.equal(entry.until, clock.time + 600_000);
    assert.equal(entry.reason, "quota");
  });

  it("marks auth-failed as a separate long state that only clear or 24 h lifts", () => {
    const { book, advance } = setup();
    book.markAuthFailed("glm", "a1");
    assert.equal(book.isAvailable("glm", "a1", "any"), false);
    book.recordSuccess("glm", "a1", "any");
    assert.equal(book.isAvailable("glm", "a1"), false);
    const [entry] = book.list();
    assert.equal(entry?.kind, "auth-failed");
    advance(23 * 3_600_000);
    assert.equal(book.isAvailable("glm", "a1"), false);
    advance(3_600_000);
    assert.equal(book.isAvailable("glm", "a1"), true);
    book.markAuthFailed("glm", "a1");
    assert.equal(book.clear({ providerId: "glm", accountId: "a1" }), 1);
    assert.equal(book.isAvailable("glm", "a1"), true);
  });

  it("reports the soonest recovery across accounts", () => {
    const { book, advance } = setup();
    book.coolDown({ providerId: "p", accountId: "a", scope: "account", reason: "r", retryAfterMs: 40_000 });
    book.coolDown({ providerId: "p", accountId: "b", scope: "account", reason: "r", retryAfterMs: 10_000 });
    book.coolDown({ providerId: "p", accountId: "b", model: "m", scope: "model", reason: "r", retryAfterMs: 25_000 });
    book.markAuthFailed("p", "c");
    const keys = [
      { providerId: "p", accountId: "a", model: "m" },
      { providerId: "p", accountId: "b", model: "m" },
      { providerId: "p", accountId: "c", model: "m" },
    ];
    // b is blocked by its model cooldown (25 s), longer than its account cooldown (10 s).
    assert.equal(book.soonestRecovery(keys), 25_000);
    advance(20_000);
    assert.equal(book.soonestRecovery(keys), 5_000);
    advance(5_000);
    assert.equal(book.soonestRecovery(keys), 0);
    assert.equal(book.soonestRecovery([]), undefined);
  });

  it("lists live entries with their reason and until, and clears by filter", () => {
    const { book, clock, advance } = setup();
    book.coolDown({ providerId: "p", accountId: "a", scope: "account", reason: "rate-limit", retryAfterMs: 5_000 });
    book.coolDown({ providerId: "p", accountId: "a", model: "m1", scope: "model", reason: "quota", retryAfterMs: 50_000 });
    book.coolDown({ providerId: "p", accountId: "a", model: "m2", scope: "model", reason: "quota", retryAfterMs: 50_000 });
    book.coolDown({ providerId: "q", accountId: "b", scope: "account", reason: "server", retryAfterMs: 50_000 });
    assert.equal(book.list().length, 4);
    assert.deepEqual(
      book.list().find((entry) => entry.kind === "account" && entry.providerId === "p"),
      { providerId: "p", accountId: "a", reason: "rate-limit", until: clock.time + 5_000, kind: "account" },
    );
    advance(5_000);
    assert.equal(book.list().length, 3);
    assert.equal(book.clear({ providerId: "p", model: "m1" }), 1);
    assert.equal(book.isAvailable("p", "a", "m1"), true);
    assert.equal(book.isAvailable("p", "a", "m2"), false);
    assert.equal(book.clear({ providerId: "p" }), 1);
    assert.equal(book.clear(), 1);
    assert.deepEqual(book.list(), []);
  });

  it("keeps memory bounded: a write sweeps expired entries once the map is large", () => {
    const { book, advance } = setup({ sweepThreshold: 100 });
    for (let index = 0; index < 1_000; index += 1) {
      book.coolDown({ providerId: "p", accountId: `a${index}`, scope: "account", reason: "r", retryAfterMs: 1_000 });
      advance(10_000_000);
    }
    assert.ok(book.size <= 202, `size ${book.size}`);
  });
  it("keeps a model the upstream called unavailable off that account for the availability TTL, not a 1 s backoff", () => {
    const { book, clock, advance } = setup({ modelUnavailableMs: 300_000 });
    const entry = book.markModelUnavailable("p", "a", "gpt-9");
    assert.deepEqual(entry, { providerId: "p", accountId: "a", model: "gpt-9", reason: "model-unavailable", until: clock.time + 300_000, kind: "model" });
    assert.equal(book.isAvailable("p", "a", "gpt-9"), false);
    assert.equal(book.isAvailable("p", "a", "gpt-4o"), true, "other models of the account are fine");
    assert.equal(book.isAvailable("p", "b", "gpt-9"), true, "other accounts are asked themselves");
    advance(299_999);
    assert.equal(book.isAvailable("p", "a", "gpt-9"), false);
    advance(1);
    assert.equal(book.isAvailable("p", "a", "gpt-9"), true, "re-checked once the TTL ends");
    // An upstream Retry-After, when given, decides instead.
    assert.equal(book.markModelUnavailable("p", "a", "gpt-9", 20_000).until, clock.time + 20_000);
  });

  it("defaults the model-availability TTL to five minutes", () => {
    const { book, clock } = setup();
    assert.equal(book.markModelUnavailable("p", "a", "m").until, clock.time + 300_000);
  });
  it("holds a spent quota window until its exact reset, days away, and frees the account at that instant", () => {
    const { book, clock, advance } = setup();
    const weekly = clock.time + 5 * 24 * 3_600_000 + 123;
    const entry = book.holdUntil({ ...account, until: weekly, reason: "quota" });
    assert.equal(entry?.until, weekly);
    assert.equal(book.blockingEntry("glm", "a1")?.reason, "quota");
    // A later rate-limit backoff (clamped to 1 h) never shortens the hold.
    book.coolDown({ ...account, scope: "account", reason: "rate-limit", retryAfterMs: 1_000 });
    assert.equal(book.blockingEntry("glm", "a1")?.until, weekly);
    advance(weekly - clock.time - 1);
    assert.equal(book.isAvailable("glm", "a1"), false);
    advance(1);
    assert.equal(book.isAvailable("glm", "a1"), true);
  });

  it("ignores a hold in the past and bounds one absurdly far away", () => {
    const { book, clock } = setup();
    assert.equal(book.holdUntil({ ...account, until: clock.time - 1, reason: "quota" }), undefined);
    assert.equal(book.holdUntil({ ...account, until: Number.NaN, reason: "quota" }), undefined);
    assert.equal(book.isAvailable("glm", "a1"), true);
    const entry = book.holdUntil({ ...account, model: "glm-4.7", until: clock.time + 10 * MAX_HOLD_MS, reason: "quota" });
    assert.equal(entry?.until, clock.time + MAX_HOLD_MS);
    assert.equal(book.isAvailable("glm", "a1", "glm-4.7"), false);
    assert.equal(book.isAvailable("glm", "a1", "other"), true);
  });
});
