import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Phase, PhaseTimer, REQUEST_PHASES } from "./phase-timer";

function fakeClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("PhaseTimer", () => {
  it("charges each lap to its phase and leaves phases never reached null", () => {
    const clock = fakeClock();
    const timer = new PhaseTimer(clock.now);
    clock.advance(2);
    timer.lap(Phase.auth);
    clock.advance(5);
    timer.lap(Phase.receive);
    assert.deepEqual(timer.durations(), { receive: 5, auth: 2, route: null, translate: null, upstream: null, stream: null, record: null });
  });

  it("accumulates a phase lapped once per attempt, and the phases add up to the whole time", () => {
    const clock = fakeClock();
    const timer = new PhaseTimer(clock.now);
    const steps: [number, number][] = [
      [Phase.auth, 0.25],
      [Phase.receive, 1],
      [Phase.route, 0.5],
      [Phase.translate, 0.125],
      [Phase.upstream, 30],
      [Phase.route, 0.25],
      [Phase.translate, 0.125],
      [Phase.upstream, 40],
      [Phase.stream, 100],
      [Phase.record, 0.5],
    ];
    for (const [phase, ms] of steps) {
      clock.advance(ms);
      timer.lap(phase as (typeof Phase)[keyof typeof Phase]);
    }
    const durations = timer.durations();
    assert.equal(durations.upstream, 70);
    assert.equal(durations.translate, 0.25);
    assert.equal(durations.route, 0.75);
    const sum = REQUEST_PHASES.reduce((total, phase) => total + (durations[phase] ?? 0), 0);
    assert.equal(sum, steps.reduce((total, [, ms]) => total + ms, 0));
  });

  it("skip() drops time that belongs to no phase", () => {
    const clock = fakeClock();
    const timer = new PhaseTimer(clock.now);
    clock.advance(50);
    timer.skip();
    clock.advance(3);
    timer.lap(Phase.stream);
    assert.equal(timer.durations().stream, 3);
  });

  it("rounds to microseconds and uses performance.now by default", () => {
    const timer = new PhaseTimer();
    timer.lap(Phase.auth);
    const auth = timer.durations().auth;
    assert.ok(auth !== null && auth >= 0 && auth < 1000);
    assert.ok(Math.abs(Math.round(auth * 1000) - auth * 1000) < 1e-6);
  });
});
