import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createResilienceState } from "./resilience-state";

describe("createResilienceState", () => {
  it("bundles the parts on one injected clock, snapshots as JSON and resets by filter", () => {
    const clock = { time: 0 };
    const state = createResilienceState({
      now: () => clock.time,
      random: () => 0.5,
      profileOf: (providerId) => (providerId === "cc" ? "oauth" : "api-key"),
    });
    for (let index = 0; index < 3; index += 1) state.breakers.onFailure("cc", true);
    for (let index = 0; index < 5; index += 1) state.breakers.onFailure("glm", true);
    state.cooldowns.coolDown({ providerId: "glm", accountId: "a", scope: "account", reason: "rate-limit", retryAfterMs: 30_000 });
    state.cooldowns.coolDown({ providerId: "cc", accountId: "b", model: "opus", scope: "model", reason: "quota" });
    const snapshot = JSON.parse(JSON.stringify(state.snapshot()));
    assert.deepEqual(snapshot.breakers.map((breaker: { providerId: string; state: string; profile: string }) =>
      [breaker.providerId, breaker.state, breaker.profile]), [["cc", "open", "oauth"], ["glm", "open", "api-key"]]);
    assert.deepEqual(snapshot.cooldowns.map((entry: { kind: string; until: number }) => [entry.kind, entry.until]),
      [["account", 30_000], ["model", 1_000]]);
    assert.deepEqual(snapshot.retryBudget, { activeRequests: 0, retriesInUse: 0, limit: 3 });

    assert.deepEqual(state.reset({ providerId: "cc", accountId: "b", model: "opus" }), { breakersReset: 0, cooldownsCleared: 1 });
    assert.equal(state.breakers.stateOf("cc"), "open");
    assert.deepEqual(state.reset({ providerId: "glm" }), { breakersReset: 1, cooldownsCleared: 1 });
    assert.equal(state.breakers.stateOf("glm"), "closed");
    assert.deepEqual(state.reset(), { breakersReset: 1, cooldownsCleared: 0 });
    assert.deepEqual(state.snapshot().breakers, []);
  });

  it("time moves only with the injected clock", () => {
    const clock = { time: 0 };
    const state = createResilienceState({ now: () => clock.time, random: () => 0.5 });
    state.cooldowns.coolDown({ providerId: "p", accountId: "a", scope: "account", reason: "r", retryAfterMs: 2_000 });
    assert.equal(state.cooldowns.isAvailable("p", "a"), false);
    clock.time = 2_000;
    assert.equal(state.cooldowns.isAvailable("p", "a"), true);
  });
  it("holds the session table and account limiter on the same clock", () => {
    const clock = { time: 0 };
    const state = createResilienceState({ now: () => clock.time, sessions: { idleMs: 1_000 } });
    state.sessions.touch({ key: { key: "f".repeat(32), source: "fingerprint", sticky: false }, clientTool: "other", apiKeyName: null });
    assert.equal(state.sessions.list().total, 1);
    clock.time = 1_001;
    assert.equal(state.sessions.list().total, 0);
    const account = { id: "a", name: "a", apiKey: "k", baseUrl: "http://x/v1", priority: 0, maxConcurrent: 1 };
    assert.ok(state.accountLimits.tryAcquire("p", account));
    assert.equal(state.accountLimits.hasCapacity("p", account), false);
  });
});
