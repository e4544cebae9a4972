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
import { queryUsageLogs, usageLogsStatement } from "./query-usage-logs";
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

describe("usage by operation (generation, embedding, image)", () => {
  let byOperation: SqliteDatabase;
  const IMAGE_BASIS = JSON.stringify({ billing: "metered", source: "default", key: "xai/grok-imagine-image", tier: null, rates: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, image: 0.02 } });
  const tokensOnly = { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };
  // One provider, model, account and key for the non-image rows, so a day's rollup has one row per operation.
  const openai = { provider: "openai", model: "openai/gpt-4o", upstreamModel: "gpt-4o", account: "work", apiKeyId: "key-ci", apiKeyName: "ci" };

  before(async () => {
    const file = path.join(tempDir, "by-operation.sqlite");
    byOperation = openSqlite(file);
    await migrateSqlite(byOperation, { file, backupDir: path.join(tempDir, "backups-by-operation") });
    const store = createUsageStore(byOperation, { flushIntervalMs: 60_000 });
    let index = 1_000;
    // Nov 28 (rolled up, later pruned) and Nov 30 (today, raw): two chat rows, one embedding, one image of 2.
    for (const at of [Date.UTC(2026, 10, 28, 9), NOW - HOUR]) {
      store.record(row(index++, at, openai), { costUsd: 0.01, costBasis: BASIS, tokensEstimated: false });
      store.record(row(index++, at + 1, openai), { costUsd: 0.01, costBasis: BASIS, tokensEstimated: false });
      const embedding = row(index++, at + 2, { ...openai, endpoint: "/v1/embeddings", operation: "embedding", inputTokens: 50, outputTokens: 0, cacheReadTokens: null, reasoningTokens: null });
      store.record(embedding, { costUsd: 0.001, costBasis: BASIS, tokensEstimated: false });
      const image = row(index++, at + 3, { ...openai, endpoint: "/v1/images/generations", provider: "xai", model: "xai/grok-imagine-image", upstreamModel: "grok-imagine-image", operation: "image", imageCount: 2, ...tokensOnly });
      store.record(image, { costUsd: 0.04, costBasis: IMAGE_BASIS, tokensEstimated: false });
    }
    await store.flush();
    await store.close();
  });
  after(() => byOperation.close());

  const historyOf = (query: string) => queryUsageHistory(byOperation, parseHistoryQuery(new URLSearchParams(query), NOW)).totals;
  const logsOf = (query: string) => queryUsageLogs(byOperation, parseLogsQuery(new URLSearchParams(query), NOW)).data;
  const requestsPerOperation = () => ["", "operation=generation", "operation=embedding", "operation=image"].map((filter) => historyOf(`range=7d&groupBy=none&${filter}`).requests);

  it("history filters by operation, the same from raw rows, from rollups and after raw rows are pruned", async () => {
    assert.deepEqual(requestsPerOperation(), [8, 4, 2, 2]);
    assert.ok(Math.abs(historyOf("range=7d&operation=image").costUsd - 0.08) < 1e-12);
    const fromRaw = ["operation=embedding", "operation=image&groupBy=model", "operation=generation&groupBy=key"].map((query) => historyOf(`range=7d&${query}`));
    assert.equal(rollupUsageDays(byOperation, { now: NOW }).rows, 3, "Nov 28: one rollup row per operation");
    assert.deepEqual(
      byOperation.prepare("SELECT operation, requests FROM usage_daily ORDER BY operation").all().map((entry) => ({ ...entry })),
      [
        { operation: "embedding", requests: 1 },
        { operation: "generation", requests: 2 },
        { operation: "image", requests: 1 },
      ],
    );
    assert.deepEqual(requestsPerOperation(), [8, 4, 2, 2]);
    assert.deepEqual(["operation=embedding", "operation=image&groupBy=model", "operation=generation&groupBy=key"].map((query) => historyOf(`range=7d&${query}`)), fromRaw);
    assert.equal((await pruneUsage(byOperation, { now: NOW, retentionDays: 1 })).deleted, 4);
    assert.deepEqual(requestsPerOperation(), [8, 4, 2, 2], "the rollups answer for the pruned day");
  });

  it("logs show each row's operation and image count, filter by it, and explain per-image costs", () => {
    const images = logsOf("operation=image");
    assert.equal(images.length, 1, "Nov 28's raw rows were pruned above");
    assert.deepEqual([images[0]!.operation, images[0]!.imageCount, images[0]!.costUsd], ["image", 2, 0.04]);
    assert.deepEqual(images[0]!.costBreakdown?.lines, [{ tokenClass: "image", tokens: 2, perMillionUsd: 0, usd: 0.04, perImageUsd: 0.02 }]);
    assert.equal(images[0]!.costBreakdown?.totalUsd, 0.04);
    assert.deepEqual(logsOf("operation=embedding").map((entry) => [entry.operation, entry.imageCount, entry.endpoint]), [["embedding", null, "/v1/embeddings"]]);
    const generation = logsOf("operation=generation");
    assert.equal(generation.length, 2);
    assert.ok(generation.every((entry) => entry.operation === "generation" && entry.imageCount === null));
    assert.equal(logsOf("").length, 4);
    assert.deepEqual(logsOf("operation=image&provider=openai"), []);
  });

  it("exports carry operation and image_count", async () => {
    const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
    const csv = (await read(exportUsage(byOperation, parseLogsQuery(new URLSearchParams(""), NOW), "csv"))).trim().split("\r\n");
    const header = csv[0]!.split(",");
    const cells = csv.slice(1).map((line) => line.split(","));
    const at = (name: string) => header.indexOf(name);
    assert.ok(at("operation") > 0 && at("image_count") > 0);
    assert.deepEqual(cells.map((line) => [line[at("operation")], line[at("image_count")]]).sort(), [
      ["embedding", ""],
      ["generation", ""],
      ["generation", ""],
      ["image", "2"],
    ]);
    const json = JSON.parse(await read(exportUsage(byOperation, parseLogsQuery(new URLSearchParams("operation=image"), NOW), "json"))) as { operation: string; imageCount: number }[];
    assert.deepEqual(json.map((entry) => [entry.operation, entry.imageCount]), [["image", 2]]);
  });

  it("rejects an unknown operation, naming the parameter", () => {
    for (const parse of [parseLogsQuery, parseHistoryQuery]) {
      assert.throws(() => parse(new URLSearchParams("operation=chat"), NOW), (error: unknown) => {
        assert.ok(error instanceof UsageQueryError);
        assert.deepEqual(error.problems, ["operation: must be one of generation, embedding, image"]);
        return true;
      });
    }
    assert.equal(parseLogsQuery(new URLSearchParams("operation="), NOW).filters.operation, undefined, "empty: every operation");
  });
});

describe("usage log paging", () => {
  let paged: SqliteDatabase;
  before(async () => {
    const file = path.join(tempDir, "paging.sqlite");
    paged = openSqlite(file);
    await migrateSqlite(paged, { file, backupDir: path.join(tempDir, "backups-paging") });
    const store = createUsageStore(paged, { flushIntervalMs: 60_000 });
    // Seven rows, the middle five at the same instant: the cursor must break ties on id.
    for (const [index, at] of [NOW - 3 * HOUR, NOW - 2 * HOUR, NOW - 2 * HOUR, NOW - 2 * HOUR, NOW - 2 * HOUR, NOW - 2 * HOUR, NOW - HOUR].entries()) {
      store.record(row(index, at), { costUsd: null, costBasis: null, tokensEstimated: false });
    }
    await store.flush();
    await store.close();
  });
  after(() => paged.close());

  it("pages through ties on started_at without losing or repeating a row", () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ReturnType<typeof queryUsageLogs> = queryUsageLogs(paged, parseLogsQuery(new URLSearchParams(cursor === null ? "limit=2" : `limit=2&cursor=${cursor}`), NOW));
      seen.push(...page.data.map((entry) => entry.requestId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, ["r6", "r5", "r4", "r3", "r2", "r1", "r0"]);
    // A range that ends before the cursor bounds the page instead.
    const first = queryUsageLogs(paged, parseLogsQuery(new URLSearchParams("limit=1"), NOW));
    const earlier = queryUsageLogs(paged, parseLogsQuery(new URLSearchParams({ cursor: first.nextCursor!, to: String(NOW - 2 * HOUR) }), NOW));
    assert.deepEqual(earlier.data.map((entry) => entry.requestId), ["r0"]);
  });

  it("a deep page seeks to its cursor in the index instead of walking from the range's end", () => {
    const planOf = (query: string) =>
      paged
        .prepare(`EXPLAIN QUERY PLAN ${usageLogsStatement(parseLogsQuery(new URLSearchParams(query), NOW)).sql}`)
        .all(...usageLogsStatement(parseLogsQuery(new URLSearchParams(query), NOW)).parameters)
        .map((step) => String(step.detail));
    const deep = planOf(`cursor=${NOW - 2 * HOUR}.3`);
    assert.match(deep[0]!, /^SEARCH usage USING INDEX usage_started_at \(started_at>\? AND started_at<\?\)$/);
    assert.ok(deep.every((step) => !step.includes("TEMP B-TREE")), deep.join(" | "));
    // The upper bound it seeks to is the cursor: the range's end (now) is not bound at all, so it cannot be picked.
    assert.ok(!usageLogsStatement(parseLogsQuery(new URLSearchParams(`cursor=${NOW - 2 * HOUR}.3`), NOW)).parameters.includes(NOW));
    assert.ok(usageLogsStatement(parseLogsQuery(new URLSearchParams(""), NOW)).parameters.includes(NOW));
    assert.ok(planOf("operation=embedding")[0]!.startsWith("SEARCH usage USING INDEX usage_operation_started_at (operation=? AND started_at>? AND started_at<?)"));
  });
});
