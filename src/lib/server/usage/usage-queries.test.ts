import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { loadKeySpend } from "./aggregate-usage";
import { exportUsage } from "./export-usage";
import { queryConnectionUsage } from "./query-connection-usage";
import { monthlyReportCsv, queryMonthlyReport } from "./query-monthly-report";
import { queryUsageHistory } from "./query-usage-history";
import { queryUsageLogs } from "./query-usage-logs";
import { parseHistoryQuery, parseLogsQuery, UsageQueryError } from "./usage-query-params";
import { pruneUsage } from "./usage-retention";
import { readRolledThrough, rollupUsageDays } from "./usage-rollups";
import { createUsageStore } from "./usage-store";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-usage-queries-"));
const NOW = Date.UTC(2026, 10, 30, 12); // 2026-11-30T12:00Z
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let db: SqliteDatabase;

function row(index: number, startedAt: number, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId: `r${index}`,
    startedAt,
    endpoint: "/v1/chat/completions",
    clientFormat: "openai-chat",
    provider: index % 2 === 0 ? "openai" : "anthropic",
    model: index % 2 === 0 ? "openai/gpt-4o" : "anthropic/claude-sonnet-4-5",
    upstreamModel: index % 2 === 0 ? "gpt-4o" : "claude-sonnet-4-5",
    account: index % 2 === 0 ? "work" : "personal",
    apiKeyName: index % 3 === 0 ? "laptop" : "ci",
    apiKeyId: index % 3 === 0 ? "key-laptop" : "key-ci",
    stream: true,
    status: index % 10 === 9 ? "error" : "ok",
    httpStatus: index % 10 === 9 ? 502 : 200,
    errorCode: null,
    latencyMs: 100 + index,
    ttfbMs: 10,
    inputTokens: 1_000,
    outputTokens: 100,
    cacheReadTokens: 200,
    cacheWriteTokens: 0,
    reasoningTokens: 10,
    ...overrides,
  };
}

// Two rows an hour from Nov 27 00:00 to Nov 30 11:30 (3.5 days), each costing $0.01.
const BASIS = JSON.stringify({ billing: "metered", source: "override", key: "x/y", tier: null, rates: { input: 1, cacheRead: 1, cacheWrite: 1, output: 1, reasoning: 1 } });
const TOTAL_ROWS = 3.5 * 24 * 2;
before(async () => {
  const file = path.join(tempDir, "usage.sqlite");
  db = openSqlite(file);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  const store = createUsageStore(db, { flushIntervalMs: 60_000 });
  let index = 0;
  for (let at = Date.UTC(2026, 10, 27); at < NOW; at += 30 * 60_000) {
    store.record(row(index, at), { costUsd: 0.01, costBasis: BASIS, tokensEstimated: index % 50 === 0 });
    index += 1;
  }
  await store.flush();
  await store.close();
});
after(() => {
  db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

const history = (query: string) => queryUsageHistory(db, parseHistoryQuery(new URLSearchParams(query), NOW));

describe("usage queries", () => {
  it("has the rows the fixture meant to write", () => {
    assert.equal(TOTAL_ROWS, 168);
    assert.equal(Number(db.prepare("SELECT count(*) AS n FROM usage").get()?.n), 168);
  });

  it("history with no parameters: last 7 days, daily buckets, one series per provider, zero-filled", () => {
    const result = history("");
    assert.equal(result.bucket, "day");
    assert.equal(result.groupBy, "provider");
    assert.equal(result.series.length, 2);
    assert.equal(result.series[0]!.points.length, 8, "Nov 23 … Nov 30");
    assert.equal(result.totals.requests, 168);
    assert.ok(Math.abs(result.totals.costUsd - 1.68) < 1e-9);
    assert.equal(result.totals.inputTokens, 168_000);
    const openai = result.series.find((series) => series.key === "openai")!;
    assert.deepEqual(openai.points.map((point) => point.requests), [0, 0, 0, 0, 24, 24, 24, 12]);
  });

  it("gives the same answer from rollups as from raw rows, and after raw rows are pruned", async () => {
    const queries = ["", "groupBy=model", "groupBy=key&range=30d", "groupBy=account&bucket=week&range=30d", "range=mtd&groupBy=none&bucket=month", "provider=anthropic&groupBy=key"];
    const before = queries.map((query) => history(query));
    const rollup = rollupUsageDays(db, { now: NOW });
    assert.equal(rollup.days, 3, "Nov 27, 28, 29 are closed; today is not");
    assert.equal(readRolledThrough(db), Date.UTC(2026, 10, 30));
    assert.deepEqual(queries.map((query) => history(query)), before);
    const pruned = await pruneUsage(db, { now: NOW, retentionDays: 1 });
    assert.equal(pruned.deleted, 96, "Nov 27 and 28 are past a 1-day retention");
    assert.deepEqual(queries.map((query) => history(query)), before, "the rollups answer for the pruned days");
    assert.equal(rollupUsageDays(db, { now: NOW }).days, 1, "re-rolls the last days that still have raw rows only");
    assert.deepEqual(queries.map((query) => history(query)), before);
  });

  it("hourly buckets over the last 24 hours", () => {
    const result = history("range=24h&groupBy=none");
    assert.equal(result.bucket, "hour");
    assert.equal(result.series.length, 1);
    assert.equal(result.series[0]!.points.length, 24, "Nov 29 12:00 … Nov 30 11:00");
    assert.equal(result.totals.requests, 48);
  });

  it("rejects bad parameters naming each", () => {
    assert.throws(() => parseHistoryQuery(new URLSearchParams("range=2w&groupBy=color&bucket=minute"), NOW), (error: unknown) => {
      assert.ok(error instanceof UsageQueryError);
      assert.deepEqual(error.problems.map((problem) => problem.split(":")[0]), ["range", "bucket", "groupBy"]);
      return true;
    });
    assert.throws(() => parseHistoryQuery(new URLSearchParams("range=365d&bucket=hour"), NOW), /hour buckets allow/);
  });

  it("pages logs newest first with a cursor, filters, and explains each row's cost", () => {
    const first = queryUsageLogs(db, parseLogsQuery(new URLSearchParams("limit=10&provider=openai"), NOW));
    assert.equal(first.data.length, 10);
    assert.ok(first.data.every((entry) => entry.provider === "openai"));
    assert.ok(first.data[0]!.startedAt > first.data[9]!.startedAt);
    assert.ok(first.nextCursor);
    const second = queryUsageLogs(db, parseLogsQuery(new URLSearchParams(`limit=10&provider=openai&cursor=${first.nextCursor}`), NOW));
    assert.ok(second.data[0]!.startedAt < first.data[9]!.startedAt);
    assert.equal(new Set([...first.data, ...second.data].map((entry) => entry.requestId)).size, 20);
    assert.equal(first.data[0]!.costUsd, 0.01);
    assert.equal(first.data[0]!.costBreakdown?.billing, "metered");
    const errors = queryUsageLogs(db, parseLogsQuery(new URLSearchParams("status=error&key=key-laptop"), NOW));
    assert.ok(errors.data.length > 0 && errors.data.every((entry) => entry.status === "error" && entry.apiKeyId === "key-laptop"));
    assert.throws(() => parseLogsQuery(new URLSearchParams("limit=0&cursor=x&status=maybe"), NOW), UsageQueryError);
  });

  it("per connection: totals, models, a daily series and recent rows of one account", () => {
    const result = queryConnectionUsage(db, "anthropic", "personal", { from: NOW - 7 * DAY, to: NOW }, NOW);
    assert.equal(result.totals.today.requests, 12);
    assert.equal(result.totals.last7Days.requests, 84);
    assert.deepEqual(result.byModel.map((entry) => entry.model), ["anthropic/claude-sonnet-4-5"]);
    assert.equal(result.recent.length, 20);
    assert.ok(result.recent.every((entry) => entry.account === "personal"));
  });

  it("monthly report and its CSV", () => {
    const report = queryMonthlyReport(db, 2026, 10);
    assert.equal(report.month, "2026-11");
    assert.equal(report.totals.requests, 168);
    assert.deepEqual(report.byKey.map((line) => line.label).sort(), ["ci", "laptop"]);
    assert.equal(report.daily.length, 30);
    const csv = monthlyReportCsv(report);
    assert.match(csv, /^section,key,label,requests,/);
    assert.match(csv, /\r\ntotal,2026-11,2026-11,168,/);
  });

  it("loads a key's spend from rollups and raw rows (what budgets start from)", () => {
    const spend = loadKeySpend(db, "key-laptop", Date.UTC(2026, 10, 1), NOW);
    assert.ok(Math.abs(spend - 0.56) < 1e-9, String(spend));
  });

  it("exports rows as CSV and JSON streams", async () => {
    const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
    const query = parseLogsQuery(new URLSearchParams("provider=openai&range=24h"), NOW);
    const csv = await read(exportUsage(db, query, "csv"));
    const lines = csv.trim().split("\r\n");
    assert.equal(lines[0]!.split(",")[0], "request_id");
    assert.equal(lines.length, 1 + 24);
    const json = JSON.parse(await read(exportUsage(db, query, "json"))) as { provider: string }[];
    assert.equal(json.length, 24);
    assert.ok(json.every((entry) => entry.provider === "openai"));
  });
});
