import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, ProviderRuntime } from "../ports";
import { createResilienceState } from "./resilience-state";
import type { RouteTarget } from "./resolve-model";
import { selectAccounts } from "./select-accounts";

const now = Date.parse("2026-11-25T18:00:00.000Z");
const account = (name: string, extra: Partial<AccountRuntime> = {}): AccountRuntime => ({ id: name, name, apiKey: "sk", baseUrl: "http://upstream.test/v1", priority: 0, ...extra });

function setUp(accounts: AccountRuntime[]) {
  const provider: ProviderRuntime = { id: "p", displayName: "P", apiFormat: "openai-chat", models: ["m"], strategy: "priority", accounts };
  const target: RouteTarget = { provider, upstreamModel: "m", qualifiedModel: "p/m" };
  const resilience = createResilienceState({ now: () => now, random: () => 0.5 });
  return { target, resilience };
}

describe("selectAccounts", () => {
  it("every account usable: all of them, in the given order, nothing left out", () => {
    const accounts = [account("a"), account("b")];
    const { target, resilience } = setUp(accounts);
    assert.deepEqual(selectAccounts(resilience, target, accounts), { usable: accounts, leftOut: [] });
  });

  it("a cooling account is left out with its cooldown's reason; the others stay usable", () => {
    const accounts = [account("a"), account("b")];
    const { target, resilience } = setUp(accounts);
    resilience.cooldowns.markAuthFailed("p", "a");
    const selection = selectAccounts(resilience, target, accounts);
    assert.deepEqual(selection.usable, [accounts[1]]);
    assert.deepEqual(selection.leftOut, [{ account: accounts[0], reason: "cooling down: auth-failed" }]);
    assert.equal(selection.blocked, undefined);
  });

  it("every account rate limited: blocked, rate limited, recovering at the soonest cooldown's end", () => {
    const accounts = [account("a"), account("b")];
    const { target, resilience } = setUp(accounts);
    resilience.cooldowns.coolDown({ providerId: "p", accountId: "a", scope: "account", reason: "rate-limit", retryAfterMs: 20_000 });
    resilience.cooldowns.coolDown({ providerId: "p", accountId: "b", model: "m", scope: "model", reason: "quota", retryAfterMs: 5_000 });
    const selection = selectAccounts(resilience, target, accounts);
    assert.deepEqual(selection.usable, []);
    assert.deepEqual(selection.blocked, { reason: "every account is cooling down", recoveryMs: 5_000, rateLimited: true });
    assert.equal(selection.leftOut.length, 2);
  });

  it("one account cooling for another reason: blocked, but not as rate limited", () => {
    const accounts = [account("a"), account("b")];
    const { target, resilience } = setUp(accounts);
    resilience.cooldowns.coolDown({ providerId: "p", accountId: "a", scope: "account", reason: "rate-limit", retryAfterMs: 20_000 });
    resilience.cooldowns.markAuthFailed("p", "b");
    assert.equal(selectAccounts(resilience, target, accounts).blocked?.rateLimited, false);
  });

  it("an account at its concurrency limit is left out; all at their limits blocks the target as rate limited", () => {
    const accounts = [account("a", { maxConcurrent: 1 }), account("b")];
    const { target, resilience } = setUp(accounts);
    const lease = resilience.accountLimits.tryAcquire("p", accounts[0]!);
    assert.ok(lease);
    const selection = selectAccounts(resilience, target, accounts);
    assert.deepEqual(selection.usable, [accounts[1]]);
    assert.deepEqual(selection.leftOut, [{ account: accounts[0], reason: "at its concurrency or rate limit" }]);

    const onlyBusy = selectAccounts(resilience, target, [accounts[0]!]);
    assert.deepEqual(onlyBusy.usable, []);
    assert.equal(onlyBusy.blocked?.reason, "every account is at its concurrency or rate limit");
    assert.equal(onlyBusy.blocked?.rateLimited, true);
    lease.release();
    assert.deepEqual(selectAccounts(resilience, target, [accounts[0]!]).usable, [accounts[0]]);
  });
});
