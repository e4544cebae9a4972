import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, Logger, ProviderRuntime } from "../ports";
import { classifyFailure, type UpstreamFailure } from "./classify-failure";
import { recordAttemptFailure, type AttemptFailureContext } from "./record-attempt-failure";
import { createResilienceState } from "./resilience-state";
import type { RouteTarget } from "./resolve-model";

const start = Date.parse("2026-11-25T18:00:00.000Z");
const alice: AccountRuntime = { id: "alice", name: "alice", apiKey: "sk-a", baseUrl: "http://upstream.test/v1", priority: 0 };
const provider: ProviderRuntime = { id: "openai", displayName: "OpenAI", apiFormat: "openai-chat", models: ["gpt-4o"], strategy: "priority", accounts: [alice] };
const target: RouteTarget = { provider, upstreamModel: "gpt-4o", qualifiedModel: "openai/gpt-4o" };

function setUp() {
  const clock = { now: start };
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = { request: () => {}, warn: (_message, fields) => warnings.push(fields ?? {}), error: () => {} };
  const resilience = createResilienceState({ now: () => clock.now, random: () => 0.5, profiles: { "api-key": { failureThreshold: 2 } } });
  const context: AttemptFailureContext = { requestId: "req-1", resilience, ports: { logger } };
  const record = (failure: UpstreamFailure) => recordAttemptFailure(context, target, alice, failure);
  return { clock, warnings, resilience, record };
}

const failure = (status: number, body?: unknown, headers?: Record<string, string>) => classifyFailure({ status, body, headers }, start);

describe("recordAttemptFailure", () => {
  it("401 marks the account auth-failed and leaves the breaker alone", () => {
    const { resilience, record } = setUp();
    record(failure(401));
    assert.equal(resilience.cooldowns.blockingEntry("openai", "alice")?.reason, "auth-failed");
    record(failure(401));
    assert.equal(resilience.breakers.stateOf("openai"), "closed");
  });

  it("a model the account cannot use is skipped for that model only", () => {
    const { resilience, record } = setUp();
    record(failure(404, { error: { message: "The model `gpt-4o` does not exist", code: "model_not_found" } }));
    assert.equal(resilience.cooldowns.isAvailable("openai", "alice", "gpt-4o"), false);
    assert.equal(resilience.cooldowns.isAvailable("openai", "alice", "gpt-4o-mini"), true);
    assert.equal(resilience.cooldowns.isAvailable("openai", "alice"), true);
  });

  it("a 429 with Retry-After cools the account for exactly that long", () => {
    const { clock, resilience, record } = setUp();
    record(failure(429, undefined, { "retry-after": "20" }));
    const entry = resilience.cooldowns.blockingEntry("openai", "alice", "gpt-4o");
    assert.equal(entry?.reason, "rate-limit");
    assert.equal(entry?.until, start + 20_000);
    clock.now = start + 20_001;
    assert.equal(resilience.cooldowns.isAvailable("openai", "alice", "gpt-4o"), true);
  });

  it("a 400 request error changes nothing: no cooldown, no breaker count", () => {
    const { resilience, record } = setUp();
    for (let index = 0; index < 5; index++) record(failure(400, { error: { message: "roles must alternate" } }));
    assert.deepEqual(resilience.cooldowns.list(), []);
    assert.equal(resilience.breakers.stateOf("openai"), "closed");
  });

  it("5xx failures count toward the breaker (threshold 2 here) and cool nothing without Retry-After", () => {
    const { resilience, record } = setUp();
    record(failure(503));
    assert.equal(resilience.breakers.stateOf("openai"), "closed");
    record(failure(502));
    assert.equal(resilience.breakers.stateOf("openai"), "open");
    assert.deepEqual(resilience.cooldowns.list(), []);
  });

  it("logs the failure with the request id, account name and class", () => {
    const { warnings, record } = setUp();
    record(failure(503));
    assert.deepEqual(warnings, [{ requestId: "req-1", provider: "openai", account: "alice", model: "openai/gpt-4o", failure: "server", status: 503 }]);
  });
});
