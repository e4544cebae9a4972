import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SessionTable } from "./session-table";
import type { SessionKey } from "./session-key";

const sessionKey = (key: string): SessionKey => ({ key: key.padEnd(32, "0"), source: "session-id", sticky: true });
const account = (accountId: string, providerId = "openai") => ({ providerId, accountId, accountName: `name-${accountId}` });

function setup(options: { capacity?: number; idleMs?: number } = {}) {
  const clock = { time: 1_000 };
  const table = new SessionTable({ now: () => clock.time, ...options });
  return { table, clock };
}

describe("SessionTable", () => {
  it("counts requests of one session and remembers the account that served it, per provider", () => {
    const { table, clock } = setup();
    const first = table.touch({ key: sessionKey("a"), clientTool: "claude-cli", apiKeyName: "laptop" });
    assert.equal(table.preferredAccount(first, "openai"), undefined);
    table.recordServed(first, account("acct-2"), "openai/gpt-4o");
    table.addUsage(first, { inputTokens: 100, outputTokens: 20, cacheReadTokens: 80, cacheWriteTokens: null, reasoningTokens: 5 });
    clock.time += 5_000;
    const again = table.touch({ key: sessionKey("a"), clientTool: "claude-cli", apiKeyName: "laptop" });
    assert.equal(again, first);
    assert.equal(table.preferredAccount(again, "openai"), "acct-2");
    assert.equal(table.preferredAccount(again, "anthropic"), undefined);
    assert.equal(table.preferredAccount(undefined, "openai"), undefined);
    const [view] = table.list().sessions;
    assert.deepEqual(view, {
      fingerprint: "a".padEnd(16, "0"),
      source: "session-id",
      clientTool: "claude-cli",
      apiKeyName: "laptop",
      firstSeenAt: 1_000,
      lastSeenAt: 6_000,
      expiresAt: 6_000 + 2 * 60 * 60 * 1000,
      requests: 2,
      tokens: { input: 100, output: 20, cacheRead: 80, cacheWrite: 0, reasoning: 5 },
      stickyAccount: account("acct-2"),
      model: "openai/gpt-4o",
      pins: [account("acct-2")],
    });
    assert.equal(table.preferredModel(again), "openai/gpt-4o");
    assert.equal(table.preferredModel(undefined), undefined);
  });

  it("moves the pin when another account serves the session (after a failover, the cache is there)", () => {
    const { table } = setup();
    const record = table.touch({ key: sessionKey("b"), clientTool: "other", apiKeyName: null });
    table.recordServed(record, account("one"));
    table.recordServed(record, account("two"));
    table.recordServed(record, account("x", "gemini"));
    assert.equal(table.preferredAccount(record, "openai"), "two");
    assert.equal(table.preferredAccount(record, "gemini"), "x");
    assert.deepEqual(table.list().sessions[0]?.stickyAccount, account("x", "gemini"));
    assert.equal(table.list().sessions[0]?.pins.length, 2);
  });

  it("expires idle sessions (fake clock), honouring a per-request idle time", () => {
    const { table, clock } = setup({ idleMs: 60_000 });
    const record = table.touch({ key: sessionKey("c"), clientTool: "codex", apiKeyName: null });
    table.recordServed(record, account("one"));
    clock.time += 60_001;
    assert.equal(table.list().total, 0);
    const fresh = table.touch({ key: sessionKey("c"), clientTool: "codex", apiKeyName: null });
    assert.notEqual(fresh, record);
    assert.equal(fresh.requests, 1);
    assert.equal(table.preferredAccount(fresh, "openai"), undefined, "an expired session forgets its account");
    clock.time += 1_000;
    table.touch({ key: sessionKey("c"), clientTool: "codex", apiKeyName: null, idleMs: 500 });
    assert.equal(table.list({ idleMs: 500 }).total, 1);
    clock.time += 501;
    assert.equal(table.list({ idleMs: 500 }).total, 0);
  });

  it("stays within its capacity, dropping the least recently used session", () => {
    const { table, clock } = setup({ capacity: 3 });
    for (const name of ["a", "b", "c"]) {
      table.touch({ key: sessionKey(name), clientTool: "other", apiKeyName: null });
      clock.time += 1;
    }
    table.touch({ key: sessionKey("a"), clientTool: "other", apiKeyName: null });
    table.touch({ key: sessionKey("d"), clientTool: "other", apiKeyName: null });
    assert.equal(table.size, 3);
    assert.deepEqual(table.list().sessions.map((session) => session.fingerprint[0]), ["d", "a", "c"]);
    assert.deepEqual(table.list({ limit: 1 }).sessions.length, 1);
    assert.equal(table.list({ limit: 1 }).total, 3);
  });

  it("keeps a known client tool when a later request's user agent says nothing", () => {
    const { table } = setup();
    table.touch({ key: sessionKey("e"), clientTool: "gemini-cli", apiKeyName: null });
    const record = table.touch({ key: sessionKey("e"), clientTool: "other", apiKeyName: null });
    assert.equal(record.clientTool, "gemini-cli");
  });

  it("remembers which account issued a Responses id", () => {
    const { table, clock } = setup();
    table.rememberResponse("resp_1", account("two"));
    assert.deepEqual(table.responseIssuer("resp_1"), account("two"));
    assert.equal(table.responseIssuer("resp_unknown"), undefined);
    clock.time += 24 * 60 * 60 * 1000 + 1;
    assert.equal(table.responseIssuer("resp_1"), undefined, "a day without use forgets it");
    table.rememberResponse("resp_2", account("one"));
    table.clear();
    assert.equal(table.responseIssuer("resp_2"), undefined);
  });
});
