import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageRecorder } from "../../accounting/usage-recorder";
import type { AccountRuntime, ProviderRuntime } from "../../ports";
import type { QuotaObservation } from "../../providers/quota/quota-observation";
import type { UpstreamFailure } from "../../routing/classify-failure";
import type { RouteTarget } from "../../routing/resolve-model";
import { codexExecutor } from "../../upstream/executors/codex-executor";
import { AttemptTrail } from "./attempt-trail";
import { failureUnderHold, quotaHoldFor, quotaOfAnswer } from "./subscription-quota";

const NOW = 1_800_000_000_000;
const rateLimit: UpstreamFailure = { kind: "rate-limit", scope: "account", countsTowardBreaker: false, statusCode: 429, retryAfterMs: 5_000 };
const spent = (resetsAt: number, scope?: "model"): QuotaObservation => ({ name: "5h", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt, ...(scope ? { scope } : {}) });

describe("subscription quota around the attempt loop", () => {
  it("reads headers on every answer and the error body of a failure", () => {
    const windows = quotaOfAnswer(
      codexExecutor,
      { "x-codex-primary-used-percent": "100", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": String(NOW / 1000 + 60) },
      JSON.stringify({ error: { type: "usage_limit_reached", resets_at: NOW / 1000 + 120 } }),
      NOW,
    );
    assert.deepEqual(windows.map((window) => [window.name, window.resetsAt]), [
      ["5h", NOW + 60_000],
      ["usage limit", NOW + 120_000],
    ]);
  });

  it("a 429 with a spent window: the exact reset replaces the classifier's guess, for the account", () => {
    const hold = quotaHoldFor(rateLimit, [spent(NOW + 7_200_000)], NOW);
    assert.deepEqual(hold, { account: NOW + 7_200_000 });
    assert.deepEqual(failureUnderHold(rateLimit, hold, NOW), { ...rateLimit, kind: "quota", scope: "account", retryAfterMs: 7_200_000 });
  });

  it("a model's own spent quota narrows the cooldown to that model", () => {
    const hold = quotaHoldFor(rateLimit, [spent(NOW + 600_000, "model")], NOW);
    assert.deepEqual(failureUnderHold(rateLimit, hold, NOW), { ...rateLimit, kind: "quota", scope: "model", retryAfterMs: 600_000 });
  });

  it("holds nothing for other failures, windows with room, or resets already past", () => {
    const server: UpstreamFailure = { kind: "server", scope: "account", countsTowardBreaker: true, statusCode: 500 };
    assert.deepEqual(quotaHoldFor(server, [spent(NOW + 60_000)], NOW), {});
    assert.deepEqual(quotaHoldFor(rateLimit, [{ ...spent(NOW + 60_000), usedPercent: 99.5 }], NOW), {});
    assert.deepEqual(quotaHoldFor(rateLimit, [spent(NOW - 1)], NOW), {});
    assert.equal(failureUnderHold(rateLimit, {}, NOW), rateLimit);
  });
});

describe("attempt trail", () => {
  it("records calls and skips in order, and the recorder holds the same array", () => {
    const recorder = new UsageRecorder({ record: () => undefined }, "r1", 0, "/v1/chat/completions", "openai-chat", () => 0);
    const trail = new AttemptTrail(recorder);
    const provider = { id: "cc" } as ProviderRuntime;
    const target: RouteTarget = { provider, upstreamModel: "claude-sonnet-4-5", qualifiedModel: "cc/claude-sonnet-4-5" };
    const account = { name: "max-1" } as AccountRuntime;
    trail.skipped(target, "cooling down: quota", account);
    trail.called(target, account, "failed", "rate-limit", 429, 12);
    trail.called(target, account, "ok", null, 200, 30);
    assert.deepEqual(trail.records, [
      { provider: "cc", model: "cc/claude-sonnet-4-5", account: "max-1", outcome: "skipped", reason: "cooling down: quota", httpStatus: null, latencyMs: 0 },
      { provider: "cc", model: "cc/claude-sonnet-4-5", account: "max-1", outcome: "failed", reason: "rate-limit", httpStatus: 429, latencyMs: 12 },
      { provider: "cc", model: "cc/claude-sonnet-4-5", account: "max-1", outcome: "ok", reason: null, httpStatus: 200, latencyMs: 30 },
    ]);
    assert.equal((recorder as { attemptTrail?: unknown }).attemptTrail, trail.records);
  });
});
