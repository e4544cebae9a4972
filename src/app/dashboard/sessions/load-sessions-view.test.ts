import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { SessionView } from "../../../../open-sse/src/routing/session-table";
import { migrateSqlite } from "../../../lib/server/sqlite/migrate-sqlite";
import { openSqlite } from "../../../lib/server/sqlite/open-sqlite";
import type { SqliteDatabase } from "../../../lib/server/sqlite/sqlite-database";
import { createUsageStore } from "../../../lib/server/usage/usage-store";
import { sessionCosts } from "./load-sessions-view";

const NOW = Date.UTC(2026, 10, 30, 12);
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-session-costs-"));
let db: SqliteDatabase;

function session(fingerprint: string, firstSeenAt: number): SessionView {
  return { fingerprint, source: "fingerprint", clientTool: "other", apiKeyName: null, firstSeenAt, lastSeenAt: NOW, expiresAt: NOW + 1, requests: 1, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }, stickyAccount: null, model: null, pins: [] };
}

before(async () => {
  const file = path.join(tempDir, "usage.sqlite");
  db = openSqlite(file);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  const store = createUsageStore(db, { flushIntervalMs: 1 });
  const base = { endpoint: "/v1/chat/completions", clientFormat: "openai-chat" as const, provider: "openai", model: "openai/gpt-4o", upstreamModel: "gpt-4o", account: "work", apiKeyName: null, stream: false, status: "ok" as const, httpStatus: 200, errorCode: null, latencyMs: 1, ttfbMs: 1, inputTokens: 1, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };
  const accounting = (costUsd: number | null) => ({ costUsd, costBasis: null, tokensEstimated: false });
  store.record({ ...base, requestId: "a1", startedAt: NOW - 1_000, sessionKey: "aaaa" }, accounting(0.25));
  store.record({ ...base, requestId: "a2", startedAt: NOW - 500, sessionKey: "aaaa" }, accounting(0.5));
  store.record({ ...base, requestId: "b1", startedAt: NOW - 500, sessionKey: "bbbb" }, accounting(null));
  store.record({ ...base, requestId: "old", startedAt: NOW - 86_400_000, sessionKey: "aaaa" }, accounting(100));
  await store.close();
});

after(() => {
  db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe("sessionCosts", () => {
  it("sums each listed session's recorded cost since the sessions began; unpriced sessions have none", () => {
    const costs = sessionCosts(db, [session("aaaa", NOW - 2_000), session("bbbb", NOW - 2_000), session("cccc", NOW - 2_000)]);
    assert.equal(costs.get("aaaa"), 0.75, "the row from a day before the session began is not counted");
    assert.equal(costs.has("bbbb"), false);
    assert.equal(costs.has("cccc"), false);
    assert.equal(sessionCosts(db, []).size, 0);
  });
});
