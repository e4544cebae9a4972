import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CircuitBreakers, DEFAULT_BREAKER_PROFILES, type CircuitBreakersOptions } from "./circuit-breaker";

function setup(options: Partial<CircuitBreakersOptions> = {}) {
  const clock = { time: 5_000_000 };
  const breakers = new CircuitBreakers({ now: () => clock.time, ...options });
  return { breakers, advance: (ms: number) => (clock.time += ms) };
}

function fail(breakers: CircuitBreakers, providerId: string, times: number, countable = true) {
  for (let index = 0; index < times; index += 1) breakers.onFailure(providerId, countable);
}

describe("CircuitBreakers", () => {
  it("opens after 5 consecutive countable failures and rejects with retryAfterMs", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 4);
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "allowed" });
    fail(breakers, "p", 1);
    assert.equal(breakers.stateOf("p"), "open");
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "rejected", retryAfterMs: 30_000 });
    advance(10_000);
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "rejected", retryAfterMs: 20_000 });
    assert.equal(breakers.stateOf("other"), "closed");
  });

  it("a success resets the consecutive count", () => {
    const { breakers } = setup();
    fail(breakers, "p", 4);
    breakers.onSuccess("p");
    fail(breakers, "p", 4);
    assert.equal(breakers.stateOf("p"), "closed");
  });

  it("opens on a failure ratio ≥ 50 % over ≥ 20 calls in the window", () => {
    const { breakers, advance } = setup();
    for (let index = 0; index < 10; index += 1) {
      breakers.onSuccess("p");
      breakers.onFailure("p", true);
      advance(1_000);
    }
    // 20 calls, 10 failures, never more than 1 consecutive.
    assert.equal(breakers.stateOf("p"), "open");
  });

  it("forgets calls that left the window", () => {
    const { breakers, advance } = setup();
    for (let index = 0; index < 9; index += 1) {
      breakers.onSuccess("p");
      breakers.onFailure("p", true);
    }
    advance(61_000);
    breakers.onSuccess("p");
    breakers.onFailure("p", true);
    assert.equal(breakers.stateOf("p"), "closed");
    assert.equal(breakers.snapshot()[0]?.windowCalls, 2);
  });

  it("never trips on non-countable failures", () => {
    const { breakers } = setup();
    fail(breakers, "p", 100, false);
    assert.equal(breakers.stateOf("p"), "closed");
  });

  it("goes half-open after openMs and admits exactly one probe among 50 concurrent callers", async () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    advance(29_999);
    assert.equal(breakers.stateOf("p"), "open");
    advance(1);
    assert.equal(breakers.stateOf("p"), "half-open");
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        await Promise.resolve();
        return breakers.tryAcquire("p");
      }),
    );
    assert.equal(results.filter((result) => result.verdict === "probe").length, 1);
    assert.equal(results.filter((result) => result.verdict === "rejected").length, 49);
    assert.ok(results.every((result) => result.verdict !== "rejected" || result.retryAfterMs > 0));
  });

  it("probe success closes and restores the base wait", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    advance(30_000);
    assert.equal(breakers.tryAcquire("p").verdict, "probe");
    breakers.onSuccess("p");
    assert.equal(breakers.stateOf("p"), "closed");
    assert.equal(breakers.tryAcquire("p").verdict, "allowed");
    fail(breakers, "p", 5);
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "rejected", retryAfterMs: 30_000 });
  });

  it("probe failure reopens with a doubled wait, capped at maxOpenMs", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    const waits: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      const rejected = breakers.tryAcquire("p");
      assert.equal(rejected.verdict, "rejected");
      waits.push(rejected.verdict === "rejected" ? rejected.retryAfterMs : 0);
      advance(waits[waits.length - 1]!);
      assert.equal(breakers.tryAcquire("p").verdict, "probe");
      breakers.onFailure("p", true);
    }
    assert.deepEqual(waits, [30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000]);
  });

  it("a non-countable probe failure frees the probe slot but does not close", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    advance(30_000);
    assert.equal(breakers.tryAcquire("p").verdict, "probe");
    assert.equal(breakers.tryAcquire("p").verdict, "rejected");
    breakers.onFailure("p", false);
    assert.equal(breakers.stateOf("p"), "half-open");
    assert.equal(breakers.tryAcquire("p").verdict, "probe");
  });

  it("admits a new probe when the previous one never reported within probeTimeoutMs", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    advance(30_000);
    assert.equal(breakers.tryAcquire("p").verdict, "probe");
    advance(119_999);
    assert.equal(breakers.tryAcquire("p").verdict, "rejected");
    advance(1);
    assert.equal(breakers.tryAcquire("p").verdict, "probe");
  });

  it("uses the more patient OAuth profile, and both profiles are configurable", () => {
    const { breakers, advance } = setup({
      profileOf: (providerId) => (providerId === "cc" ? "oauth" : "api-key"),
      profiles: { "api-key": { failureThreshold: 2 } },
    });
    fail(breakers, "cc", 3);
    assert.deepEqual(breakers.tryAcquire("cc"), { verdict: "rejected", retryAfterMs: 60_000 });
    advance(59_999);
    assert.equal(breakers.stateOf("cc"), "open");
    fail(breakers, "glm", 2);
    assert.equal(breakers.stateOf("glm"), "open");
    breakers.setProfile("glm", "oauth");
    assert.equal(breakers.stateOf("glm"), "closed");
    assert.equal(breakers.profileFor("glm").failureThreshold, 3);
  });

  it("snapshot is JSON-able and reset closes", () => {
    const { breakers } = setup();
    fail(breakers, "p", 5);
    const [snapshot] = JSON.parse(JSON.stringify(breakers.snapshot()));
    assert.equal(snapshot.state, "open");
    assert.equal(snapshot.profile, "api-key");
    assert.equal(typeof snapshot.openUntil, "number");
    breakers.reset("p");
    assert.equal(breakers.stateOf("p"), "closed");
  });
  it("an abandoned probe frees the slot at once; abandoning does nothing outside half-open", () => {
    const { breakers, advance } = setup();
    fail(breakers, "p", 5);
    breakers.abandonProbe("p");
    assert.equal(breakers.stateOf("p"), "open");
    advance(30_000);
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "probe" });
    assert.equal(breakers.tryAcquire("p").verdict, "rejected");
    breakers.abandonProbe("p");
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "probe" }, "the next caller probes instead");
    assert.equal(breakers.stateOf("p"), "half-open");
    breakers.abandonProbe("never-seen");
    assert.equal(breakers.profileNameOf("never-seen"), "api-key");
  });

  it("configured profiles override field by field; a field given as undefined keeps its default", () => {
    const { breakers } = setup({ profiles: { "api-key": { failureThreshold: 2, openMs: undefined }, oauth: { openMs: 5_000 } }, profileOf: (id) => (id === "sub" ? "oauth" : "api-key") });
    assert.deepEqual(breakers.profileFor("p"), { ...DEFAULT_BREAKER_PROFILES["api-key"], failureThreshold: 2 });
    assert.deepEqual(breakers.profileFor("sub"), { ...DEFAULT_BREAKER_PROFILES.oauth, openMs: 5_000 });
    fail(breakers, "p", 2);
    assert.deepEqual(breakers.tryAcquire("p"), { verdict: "rejected", retryAfterMs: 30_000 });
    fail(breakers, "sub", 3);
    assert.deepEqual(breakers.tryAcquire("sub"), { verdict: "rejected", retryAfterMs: 5_000 });
  });
});
