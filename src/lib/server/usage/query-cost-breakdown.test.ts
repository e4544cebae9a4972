import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { rollupUsageDays } from "./usage-rollups";
import { createUsageStore } from "./usage-store";
import { queryCostBreakdown, type CostBreakdown } from "./query-cost-breakdown";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-cost-breakdown-"));
let db: SqliteDatabase;

// $/M: input 3, cache read 0.3, cache write 3.75, output 15, reasoning 15 (Claude Sonnet's list prices).
const SONNET = { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, reasoning: 15 };
const basis = (key: string, billing: string, rates: typeof SONNET | null) => JSON.stringify({ billing, source: "default", key, tier: null, rates });

function row(id: string, startedAt: number, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId: id,
    startedAt,
    endpoint: "/v1/messages",
    clientFormat: "anthropic-messages",
    provider: "anthropic",
    model: "anthropic/claude-sonnet-4-5",
    upstreamModel: "claude-sonnet-4-5",
    account: "work",
    apiKeyName: "laptop",
    apiKeyId: "key-laptop",
    stream: true,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    latencyMs: 100,
    ttfbMs: 10,
    // 1,000,000 input of which 600,000 cache reads and 100,000 cache writes; 200,000 output of which 50,000 reasoning.
    inputTokens: 1_000_000,
    outputTokens: 200_000,
    cacheReadTokens: 600_000,
    cacheWriteTokens: 100_000,
    reasoningTokens: 50_000,
    ...overrides,
  };
}

/** Per row: 300k × $3 + 600k × $0.3 + 100k × $3.75 + 150k × $15 + 50k × $15 = 0.9 + 0.18 + 0.375 + 2.25 + 0.75 = $4.455. */
const ROW_COST = 4.455;

before(async () => {
  const file = path.join(tempDir, "usage.sqlite");
  db = openSqlite(file);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  const store = createUsageStore(db, { flushIntervalMs: 1 });
  // Three closed days (one metered row each), one subscription row ($0), one unpriced row, and one row today.
  for (const [index, day] of [3, 2, 1].entries()) store.record(row(`metered-${index}`, NOW - day * DAY), { costUsd: ROW_COST, costBasis: basis("anthropic/claude-sonnet-4-5", "metered", SONNET), tokensEstimated: false });
  store.record(row("subscription", NOW - 2 * DAY, { account: "max" }), { costUsd: 0, costBasis: basis("anthropic/claude-sonnet-4-5", "subscription", SONNET), tokensEstimated: false });
  store.record(row("unpriced", NOW - 2 * DAY, { provider: "my-node", upstreamModel: "qwen3-coder" }), { costUsd: null, costBasis: basis("my-node/qwen3-coder", "metered", null), tokensEstimated: false });
  store.record(row("today", NOW - 3_600_000), { costUsd: ROW_COST, costBasis: basis("anthropic/claude-sonnet-4-5", "metered", SONNET), tokensEstimated: false });
  await store.close();
});

after(() => {
  db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

function usdOf(breakdown: CostBreakdown): Record<string, number> {
  return Object.fromEntries(breakdown.lines.map((line) => [line.tokenClass, Number(line.usd.toFixed(6))]));
}

describe("queryCostBreakdown", () => {
  const range = { from: NOW - 7 * DAY, to: NOW + 1 };

  it("splits raw rows exactly by token class, billing only metered rows, and counts unpriced ones", () => {
    const breakdown = queryCostBreakdown(db, range, {});
    assert.deepEqual(usdOf(breakdown), { input: 3.6, cache_read: 0.72, cache_write: 1.5, output: 9, reasoning: 3 });
    assert.equal(Number(breakdown.totalUsd.toFixed(6)), 4 * ROW_COST);
    assert.equal(breakdown.otherUsd, 0);
    assert.equal(breakdown.unpricedRequests, 1);
    // Tokens count every row, billed or not: 6 rows × 300k uncached input.
    assert.equal(breakdown.lines.find((line) => line.tokenClass === "input")?.tokens, 6 * 300_000);
  });

  it("gives the same split from the daily rollups as from the raw rows", () => {
    const fromRaw = queryCostBreakdown(db, range, {});
    rollupUsageDays(db, { now: NOW });
    const fromRollups = queryCostBreakdown(db, range, {});
    assert.deepEqual(usdOf(fromRollups), usdOf(fromRaw));
    assert.equal(Number(fromRollups.totalUsd.toFixed(6)), Number(fromRaw.totalUsd.toFixed(6)));
    assert.deepEqual(
      fromRollups.lines.map((line) => line.tokens),
      fromRaw.lines.map((line) => line.tokens),
    );
    assert.equal(fromRollups.unpricedRequests, 1);
  });

  it("filters like the usage queries do", () => {
    assert.equal(Number(queryCostBreakdown(db, range, { account: "max" }).totalUsd.toFixed(6)), 0);
    assert.equal(queryCostBreakdown(db, range, { provider: "nobody" }).lines.every((line) => line.tokens === 0), true);
    assert.equal(Number(queryCostBreakdown(db, { from: NOW - DAY / 2, to: NOW + 1 }, {}).totalUsd.toFixed(6)), ROW_COST);
  });

  it("puts recorded cost that no token price explains (per-image prices) under otherUsd", async () => {
    const store = createUsageStore(db, { flushIntervalMs: 1 });
    const imageBasis = JSON.stringify({ billing: "metered", source: "default", key: "openai/gpt-image-1", tier: null, rates: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, image: 0.04 } });
    store.record(row("image", NOW - 1_000, { provider: "openai", upstreamModel: "gpt-image-1", inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null }), {
      costUsd: 0.08,
      costBasis: imageBasis,
      tokensEstimated: false,
    });
    await store.close();
    const breakdown = queryCostBreakdown(db, { from: NOW - 2_000, to: NOW + 1 }, {});
    assert.equal(Number(breakdown.otherUsd.toFixed(6)), 0.08);
    assert.equal(Number(breakdown.totalUsd.toFixed(6)), 0.08);
  });
});
