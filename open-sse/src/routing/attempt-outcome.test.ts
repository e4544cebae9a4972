import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../core/gateway-error";
import type { AccountRuntime, ProviderRuntime } from "../ports";
import { AttemptOutcome, routingDeadlineReached, spendsRetryBudget, type RouteFields } from "./attempt-outcome";
import { classifyFailure, type UpstreamFailure, type UpstreamFailureKind } from "./classify-failure";
import type { RouteTarget } from "./resolve-model";
import { RetryBudget } from "./retry-budget";

const now = Date.parse("2026-11-25T18:00:00.000Z");

function account(name: string): AccountRuntime {
  return { id: name, name, apiKey: "sk-test", baseUrl: "http://upstream.test/v1", priority: 0 };
}

function target(providerId: string, model: string): RouteTarget {
  const provider: ProviderRuntime = { id: providerId, displayName: providerId, apiFormat: "openai-chat", models: [model], strategy: "priority", accounts: [account(`${providerId}-a`)] };
  return { provider, upstreamModel: model, qualifiedModel: `${providerId}/${model}` };
}

const freshRoute = (): RouteFields => ({ provider: "stale", upstreamModel: "stale", account: "stale", attempts: 0 });
const failure = (status: number, body?: unknown): UpstreamFailure => classifyFailure({ status, body }, now);
const upstreamError = (status: number) => new GatewayError({ code: "upstream_error", status, publicMessage: `upstream answered ${status}` });
const modelNotSupported = () => failure(400, { error: { message: "The model 'x' is not supported." } });

describe("AttemptOutcome: the usage row's route", () => {
  it("names the first target and no account until a call is made", () => {
    const route = freshRoute();
    new AttemptOutcome(route, [target("first", "m1"), target("second", "m2")]);
    assert.deepEqual(route, { provider: "first", upstreamModel: "m1", account: null, attempts: 0 });
  });

  it("names nothing when there is no target", () => {
    const route = freshRoute();
    new AttemptOutcome(route, []);
    assert.deepEqual(route, { provider: null, upstreamModel: null, account: null, attempts: 0 });
  });

  it("follows the last call made: provider, model and account always of the same call", () => {
    const route = freshRoute();
    const [first, second] = [target("first", "m1"), target("second", "m2")];
    const outcome = new AttemptOutcome(route, [first, second]);
    outcome.calling(first, account("alice"));
    assert.deepEqual(route, { provider: "first", upstreamModel: "m1", account: "alice", attempts: 1 });
    outcome.calling(second, account("bob"));
    assert.deepEqual(route, { provider: "second", upstreamModel: "m2", account: "bob", attempts: 2 });
    assert.equal(outcome.attempts, 2);
  });
});

describe("AttemptOutcome: the retry budget", () => {
  // A budget with no room at all: any retry it is asked for is refused.
  const emptyBudget = () => new RetryBudget({ minimum: 0, ratio: 0 });

  it("the first call is free", () => {
    const ticket = emptyBudget().beginRequest();
    const outcome = new AttemptOutcome(freshRoute(), [target("p", "m")]);
    assert.equal(outcome.claimRetry(ticket), true);
    assert.equal(ticket.retriesUsed, 0);
  });

  it("a call after a request-scoped refusal (model not supported, invalid request, context length) or a failed login is free", () => {
    for (const refusal of [modelNotSupported(), failure(400, { error: { message: "roles must alternate" } }), failure(400, { error: { message: "prompt is too long" } }), failure(401)]) {
      const ticket = emptyBudget().beginRequest();
      const outcome = new AttemptOutcome(freshRoute(), [target("p", "m")]);
      outcome.failed(upstreamError(refusal.statusCode!), refusal);
      assert.equal(outcome.claimRetry(ticket), true, refusal.kind);
      assert.equal(ticket.retriesUsed, 0, refusal.kind);
    }
  });

  it("a call after a 5xx, a timeout, a network fault or a 429 spends one retry, and is refused when none is left", () => {
    const failures = [failure(503), classifyFailure({ transportCode: "UND_ERR_HEADERS_TIMEOUT" }, now), classifyFailure({ transportCode: "ECONNREFUSED" }, now), failure(429)];
    for (const upstreamFault of failures) {
      const roomy = new RetryBudget({ minimum: 1 }).beginRequest();
      const outcome = new AttemptOutcome(freshRoute(), [target("p", "m")]);
      outcome.failed(upstreamError(503), upstreamFault);
      assert.equal(outcome.claimRetry(roomy), true, upstreamFault.kind);
      assert.equal(roomy.retriesUsed, 1, upstreamFault.kind);

      const refused = new AttemptOutcome(freshRoute(), [target("p", "m")]);
      refused.failed(upstreamError(503), upstreamFault);
      assert.equal(refused.claimRetry(emptyBudget().beginRequest()), false, upstreamFault.kind);
    }
  });

  it("skips in between do not pay the retry twice: the owed retry is spent once, by the next call", () => {
    const ticket = new RetryBudget({ minimum: 5 }).beginRequest();
    const outcome = new AttemptOutcome(freshRoute(), [target("p", "m")]);
    outcome.failed(upstreamError(503), failure(503));
    outcome.skipBreaker("q", 1000);
    assert.equal(outcome.claimRetry(ticket), true);
    // The account's lease was refused after the claim: the next account's call is not charged again.
    assert.equal(outcome.claimRetry(ticket), true);
    assert.equal(ticket.retriesUsed, 1);
  });

  it("the last failure decides: a 5xx then a model refusal leaves the next call free", () => {
    const ticket = emptyBudget().beginRequest();
    const outcome = new AttemptOutcome(freshRoute(), [target("p", "m")]);
    outcome.failed(upstreamError(503), failure(503));
    outcome.failed(upstreamError(400), modelNotSupported());
    assert.equal(outcome.claimRetry(ticket), true);
  });

  it("spendsRetryBudget: upstream trouble and load push-back spend, request-scoped refusals do not", () => {
    const spends: Record<UpstreamFailureKind, boolean> = {
      server: true,
      timeout: true,
      network: true,
      "in-band": true,
      "rate-limit": true,
      quota: true,
      auth: false,
      "invalid-request": false,
      "context-length": false,
      "model-unavailable": false,
    };
    for (const [kind, expected] of Object.entries(spends) as [UpstreamFailureKind, boolean][]) {
      const countsTowardBreaker = ["server", "timeout", "network", "in-band"].includes(kind);
      assert.equal(spendsRetryBudget({ kind, scope: "account", countsTowardBreaker }), expected, kind);
    }
  });
});

describe("AttemptOutcome: what the client hears when nothing answered", () => {
  it("the first request error an upstream gave wins over later failures", () => {
    const outcome = new AttemptOutcome(freshRoute(), []);
    const refusal = upstreamError(400);
    outcome.failed(refusal, failure(400, { error: { message: "roles must alternate" } }));
    outcome.failed(upstreamError(503), failure(503));
    assert.equal(outcome.finalError(), refusal);
  });

  it("every target rate limited → 429 with retry-after from the soonest recovery", () => {
    const outcome = new AttemptOutcome(freshRoute(), []);
    outcome.failed(upstreamError(429), classifyFailure({ status: 429, headers: { "retry-after": "20" } }, now));
    outcome.skipCooling("other", 4_500, true);
    const error = outcome.finalError();
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, 5);
  });

  it("the last upstream failure, with the soonest recovery as retry-after", () => {
    const outcome = new AttemptOutcome(freshRoute(), []);
    outcome.skipBreaker("broken", 30_000);
    outcome.failed(upstreamError(502), failure(502));
    const error = outcome.finalError();
    assert.equal(error.status, 502);
    assert.equal(error.retryAfterSeconds, 30);
  });

  it("nothing called, targets unavailable → 503 naming them", () => {
    const outcome = new AttemptOutcome(freshRoute(), []);
    outcome.skipBreaker("broken", 2_000);
    outcome.skipCooling("cold", undefined, false);
    const error = outcome.finalError();
    assert.equal(error.status, 503);
    assert.match(error.publicMessage, /broken, cold/);
    assert.equal(error.retryAfterSeconds, 2);
  });

  it("a deadline stop explains the failure only when no upstream failed", () => {
    const stopped = routingDeadlineReached();
    assert.equal(new AttemptOutcome(freshRoute(), []).finalError(stopped), stopped);
    const failedFirst = new AttemptOutcome(freshRoute(), []);
    failedFirst.failed(upstreamError(503), failure(503));
    assert.equal(failedFirst.finalError(stopped).status, 503);
    assert.equal(stopped.status, 504);
  });

  it("only skips for other reasons → the last skip's error", () => {
    const outcome = new AttemptOutcome(freshRoute(), []);
    const skip = new GatewayError({ code: "format_not_supported", status: 501, publicMessage: "no" });
    outcome.skip(skip);
    assert.equal(outcome.finalError(), skip);
    assert.equal(new AttemptOutcome(freshRoute(), []).finalError().status, 500);
  });
});
