// Usage storage under a synthetic load (issue #7): N usage rows (default 1,000,000) spread over 30 days are
// recorded through the real batched UsageStore into a fresh SQLite file, then the file size, bytes per request,
// the daily rollup, the retention prune and every dashboard query are timed, before and after the rollups. Rows mix
// chat with embeddings (3%) and image requests (1%), and one in 2,000 is in the request log, as a user who logs
// now and then would have it: the request log's list is timed among a million unlogged rows.
//   node --import tsx tester/bench/usage-load.ts [--rows 1000000] [--days 30] [--json]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { UsageRow, UsageStatus } from "../../open-sse/src/ports";
import { migrateSqlite } from "../../src/lib/server/sqlite/migrate-sqlite";
import { openSqlite } from "../../src/lib/server/sqlite/open-sqlite";
import type { SqliteDatabase } from "../../src/lib/server/sqlite/sqlite-database";
import { loadKeySpend } from "../../src/lib/server/usage/aggregate-usage";
import { exportUsage } from "../../src/lib/server/usage/export-usage";
import { queryConnectionUsage } from "../../src/lib/server/usage/query-connection-usage";
import { parseRequestLogQuery, queryRequestLogList } from "../../src/lib/server/request-logs/query-request-logs";
import { queryMonthlyReport } from "../../src/lib/server/usage/query-monthly-report";
import { queryUsageHistory } from "../../src/lib/server/usage/query-usage-history";
import { queryUsageLogs } from "../../src/lib/server/usage/query-usage-logs";
import { parseHistoryQuery, parseLogsQuery } from "../../src/lib/server/usage/usage-query-params";
import { pruneUsage } from "../../src/lib/server/usage/usage-retention";
import { rollupUsageDays } from "../../src/lib/server/usage/usage-rollups";
import type { RowAccounting } from "../../src/lib/server/usage/usage-columns";
import { createUsageStore } from "../../src/lib/server/usage/usage-store";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const ROWS = option("rows", 1_000_000);
const DAYS = option("days", 30);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);

const PROVIDERS = [
  { id: "anthropic", models: ["claude-sonnet-4-5", "claude-opus-4-5", "claude-haiku-4-5"], accounts: ["work", "personal", "max-plan"] },
  { id: "openai", models: ["gpt-5", "gpt-5-mini", "gpt-4.1", "o4-mini"], accounts: ["work", "team"] },
  { id: "gemini", models: ["gemini-2.5-pro", "gemini-2.5-flash"], accounts: ["free-tier", "paid"] },
  { id: "ds", models: ["deepseek-chat", "deepseek-reasoner"], accounts: ["main"] },
  { id: "groq", models: ["llama-3.3-70b-versatile"], accounts: ["main"] },
  { id: "my-node", models: ["qwen3-coder", "glm-4.6"], accounts: ["a", "b"] },
];
const KEYS = ["laptop", "ci", "desktop", "agent", "shared"];
const STATUSES: UsageStatus[] = ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "aborted", "stream_error"];
/** One request in this many is in the request log; its entries fill one log file per 100,000 requests. */
const LOGGED_EVERY = 2_000;
const REQUESTS_PER_LOG_FILE = 100_000;
// Realistic, mostly-distinct bases: one per model and billing mode.
const BASES = PROVIDERS.flatMap((provider) => provider.models.map((model) => JSON.stringify({ billing: "metered", source: "default", key: `${provider.id}/${model}`, tier: null, rates: { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, reasoning: 15 } })));

/** A deterministic pseudo-random sequence (mulberry32), so every run writes the same rows. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticRow(index: number, next: () => number): { row: UsageRow; cost: number; basis: string; requestLog?: RowAccounting["requestLog"] } {
  const generated = syntheticGeneration(index, next);
  const kind = next();
  const requestLog = index % LOGGED_EVERY === 0 ? { file: 1 + Math.floor(index / REQUESTS_PER_LOG_FILE), offset: index * 4, bytes: 2_048, hasBodies: next() < 0.5 } : undefined;
  const withLog = <Entry extends object>(entry: Entry) => (requestLog === undefined ? entry : { ...entry, requestLog });
  const { row } = generated;
  const failed = row.status === "error";
  if (kind < 0.03) {
    // Embeddings: input tokens only.
    const input = failed ? null : Math.floor(10 + next() * 8_000);
    return withLog({
      row: { ...row, endpoint: "/v1/embeddings", clientFormat: "openai-chat", stream: false, ttfbMs: null, operation: "embedding", inputTokens: input, outputTokens: input === null ? null : 0, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
      cost: input === null ? 0 : (input * 0.02) / 1e6,
      basis: generated.basis,
    });
  }
  if (kind < 0.04) {
    // Images: priced per image, no tokens.
    const images = failed ? null : 1 + Math.floor(next() * 4);
    return withLog({
      row: { ...row, endpoint: "/v1/images/generations", clientFormat: "openai-chat", stream: false, ttfbMs: null, operation: "image", imageCount: images, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
      cost: images === null ? 0 : images * 0.04,
      basis: generated.basis,
    });
  }
  return withLog(generated);
}

function syntheticGeneration(index: number, next: () => number): { row: UsageRow; cost: number; basis: string } {
  const provider = PROVIDERS[Math.floor(next() * PROVIDERS.length)]!;
  const modelIndex = Math.floor(next() * provider.models.length);
  const model = provider.models[modelIndex]!;
  const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
  const keyIndex = Math.floor(next() * KEYS.length);
  const input = Math.floor(2_000 + next() * 120_000);
  const cacheRead = Math.floor(input * next() * 0.9);
  const output = Math.floor(50 + next() * 4_000);
  const startedAt = NOW - DAYS * DAY + Math.floor((index / ROWS) * DAYS * DAY);
  return {
    row: {
      requestId: `load-${index.toString(36)}-${Math.floor(next() * 1e9).toString(36)}`,
      startedAt,
      endpoint: "/v1/messages",
      clientFormat: "anthropic-messages",
      provider: provider.id,
      model: `${provider.id}/${model}`,
      upstreamModel: model,
      account: provider.accounts[Math.floor(next() * provider.accounts.length)]!,
      apiKeyName: KEYS[keyIndex]!,
      apiKeyId: `key-${keyIndex}`,
      stream: next() < 0.8,
      status,
      httpStatus: status === "ok" ? 200 : status === "error" ? 502 : 499,
      errorCode: status === "ok" ? null : "upstream_error",
      latencyMs: Math.floor(200 + next() * 30_000),
      ttfbMs: Math.floor(100 + next() * 2_000),
      inputTokens: status === "error" ? null : input,
      outputTokens: status === "error" ? null : output,
      cacheReadTokens: status === "error" ? null : cacheRead,
      cacheWriteTokens: status === "error" ? null : Math.floor(next() * 2_000),
      reasoningTokens: status === "error" ? null : Math.floor(output * next() * 0.5),
      combo: next() < 0.2 ? "my-stack" : null,
      attempts: 1 + Math.floor(next() * 1.2),
      sessionKey: `s-${Math.floor(index / 40).toString(36)}`,
    },
    cost: status === "error" ? 0 : (input * 3 + output * 15) / 1e6,
    basis: BASES[(PROVIDERS.indexOf(provider) * 4 + modelIndex) % BASES.length]!,
  };
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, candidate) => sum + (fs.existsSync(candidate) ? fs.statSync(candidate).size : 0), 0);
}

function timed<Result>(run: () => Result): { ms: number; result: Result } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

/** Median of `times` runs (the first run warms the page cache and statement cache). */
function medianMs(run: () => unknown, times = 5): number {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) samples.push(timed(run).ms);
  samples.sort((left, right) => left - right);
  return samples[Math.floor(samples.length / 2)]!;
}

function dashboardQueries(db: SqliteDatabase): [string, () => unknown][] {
  const history = (query: string) => () => queryUsageHistory(db, parseHistoryQuery(new URLSearchParams(query), NOW));
  const logs = (query: string) => () => queryUsageLogs(db, parseLogsQuery(new URLSearchParams(query), NOW));
  // The oldest request-log file still on disk: none deleted in this run.
  const requestLog = (query: string) => () => queryRequestLogList(db, parseRequestLogQuery(new URLSearchParams(query)), 1);
  const deepRequestLogCursor = (() => {
    let page = requestLog("limit=100")();
    for (let index = 0; index < 1 && page.nextCursor; index += 1) page = requestLog(`limit=100&cursor=${page.nextCursor}`)();
    return page.nextCursor ?? "";
  })();
  const deepCursor = (() => {
    let page = queryUsageLogs(db, parseLogsQuery(new URLSearchParams("limit=500"), NOW));
    for (let index = 0; index < 20 && page.nextCursor; index += 1) page = queryUsageLogs(db, parseLogsQuery(new URLSearchParams(`limit=500&cursor=${page.nextCursor}`), NOW));
    return page.nextCursor ?? "";
  })();
  return [
    ["history: default (7d, day, by provider)", history("")],
    ["history: 24h, hourly, by model", history("range=24h&groupBy=model")],
    ["history: 30d, daily, by model", history("range=30d&groupBy=model")],
    ["history: 30d, daily, by key, one provider", history("range=30d&groupBy=key&provider=anthropic")],
    ["history: 30d, weekly, by account", history("range=30d&bucket=week&groupBy=account")],
    ["logs: first page (50)", logs("")],
    ["logs: provider + status filter", logs("provider=openai&status=error")],
    ["logs: one key, 30d", logs("key=key-3")],
    // Runs with fewer rows (--rows 5000) have no page that deep: the first page stands in.
    ["logs: page after 10,000 rows (cursor)", logs(deepCursor === "" ? "limit=50" : `limit=50&cursor=${deepCursor}`)],
    ["logs: embeddings only, 30d", logs("operation=embedding")],
    ["history: 30d, daily, images only, by model", history("range=30d&groupBy=model&operation=image")],
    ["request log: first page (50)", requestLog("")],
    ["request log: errors only", requestLog("status=error")],
    ["request log: page after 200 entries (cursor)", requestLog(deepRequestLogCursor === "" ? "limit=50" : `limit=50&cursor=${deepRequestLogCursor}`)],
    ["connection: anthropic:work (30d)", () => queryConnectionUsage(db, "anthropic", "work", { from: NOW - 30 * DAY, to: NOW }, NOW)],
    ["monthly report (Nov 2026)", () => queryMonthlyReport(db, 2026, 10)],
    ["budget: a key's month-to-date spend", () => loadKeySpend(db, "key-2", Date.UTC(2026, 10, 1), NOW)],
    ["export: first 2,000 rows as CSV", () => exportUsage(db, parseLogsQuery(new URLSearchParams(""), NOW), "csv").getReader().read()],
  ];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-usage-load-"));
  const file = path.join(dir, "omniroute.sqlite");
  const db = openSqlite(file);
  const report: Record<string, unknown> = { rows: ROWS, days: DAYS, driver: db.driver, node: process.versions.node };
  try {
    await migrateSqlite(db, { file, backupDir: path.join(dir, "backups") });
    const store = createUsageStore(db, { flushIntervalMs: 200, maxBatch: 500, onError: (error) => console.error(error.message) });
    const next = random(7);
    const writeStarted = performance.now();
    let maxRecordMs = 0;
    for (let index = 0; index < ROWS; index += 1) {
      const { row, cost, basis, requestLog } = syntheticRow(index, next);
      const recordStarted = performance.now();
      store.record(row, { costUsd: cost, costBasis: basis, tokensEstimated: false, ...(requestLog === undefined ? {} : { requestLog }) });
      maxRecordMs = Math.max(maxRecordMs, performance.now() - recordStarted);
      // Requests arrive spread over time and the store writes one batch (500 rows) per event-loop turn between
      // them: yield once per batch, as a server under this load would.
      if (index % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
    await store.flush();
    const dropped = store.droppedCount;
    await store.close();
    if (dropped > 0) throw new Error(`the store dropped ${dropped} rows: the measurement is void`);
    const writeMs = performance.now() - writeStarted;
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const bytes = fileBytes(file);
    report.write = { totalMs: Math.round(writeMs), rowsPerSecond: Math.round(ROWS / (writeMs / 1000)), maxRecordCallMs: Number(maxRecordMs.toFixed(3)) };
    report.fileBytes = bytes;
    report.rowsByOperation = Object.fromEntries(
      db.prepare("SELECT coalesce(operation, 'generation') AS operation, count(*) AS n FROM usage GROUP BY 1").all().map((entry) => [String(entry.operation), Number(entry.n)]),
    );
    report.loggedRows = Number(db.prepare("SELECT count(*) AS n FROM usage WHERE log_file IS NOT NULL").get()?.n);
    report.bytesPerRequest = Math.round(bytes / ROWS);
    report.bytesPerRequestByObject = Object.fromEntries(
      db
        .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
        .all()
        .map((entry) => [String(entry.name), Math.round(Number(entry.bytes) / ROWS)]),
    );

    const queries = dashboardQueries(db);
    report.queriesRawMs = Object.fromEntries(queries.map(([name, run]) => [name, Number(medianMs(run).toFixed(2))]));

    const rollup = timed(() => rollupUsageDays(db, { now: NOW }));
    report.rollup = { days: rollup.result.days, rollupRows: rollup.result.rows, ms: Math.round(rollup.ms) };
    const reroll = timed(() => rollupUsageDays(db, { now: NOW + 3_600_000 }));
    report.hourlyRerollMs = Math.round(reroll.ms);
    report.queriesWithRollupsMs = Object.fromEntries(queries.map(([name, run]) => [name, Number(medianMs(run).toFixed(2))]));

    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    report.fileBytesWithRollups = fileBytes(file);
    const pruneStarted = performance.now();
    const pruned = await pruneUsage(db, { now: NOW, retentionDays: 7, yieldBetweenBatches: () => new Promise((resolve) => setImmediate(resolve)) });
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const freePages = Number(db.prepare("PRAGMA freelist_count").get()?.freelist_count);
    const pageSize = Number(db.prepare("PRAGMA page_size").get()?.page_size);
    report.prune = {
      retentionDays: 7,
      deleted: pruned.deleted,
      ms: Math.round(performance.now() - pruneStarted),
      fileBytesAfter: fileBytes(file),
      reusableFreeBytes: freePages * pageSize,
      rowsKept: Number(db.prepare("SELECT count(*) AS n FROM usage").get()?.n),
    };
    report.queriesAfterPruneMs = Object.fromEntries(queries.map(([name, run]) => [name, Number(medianMs(run).toFixed(2))]));
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (args.includes("--json")) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(formatReport(report));
}

function formatReport(report: Record<string, unknown>): string {
  const mb = (value: unknown) => `${(Number(value) / 1_048_576).toFixed(1)} MiB`;
  const write = report.write as { totalMs: number; rowsPerSecond: number; maxRecordCallMs: number };
  const rollup = report.rollup as { days: number; rollupRows: number; ms: number };
  const prune = report.prune as { deleted: number; ms: number; fileBytesAfter: number; reusableFreeBytes: number; rowsKept: number };
  const raw = report.queriesRawMs as Record<string, number>;
  const rolled = report.queriesWithRollupsMs as Record<string, number>;
  const pruned = report.queriesAfterPruneMs as Record<string, number>;
  const lines = [
    `usage load: ${Number(report.rows).toLocaleString("en")} rows over ${report.days} days (${report.driver}, Node ${report.node})`,
    `write: ${write.totalMs} ms (${write.rowsPerSecond.toLocaleString("en")} rows/s through the batched store; slowest record() call ${write.maxRecordCallMs} ms)`,
    `rows by operation: ${JSON.stringify(report.rowsByOperation)}; in the request log: ${report.loggedRows}`,
    `file: ${mb(report.fileBytes)} = ${report.bytesPerRequest} bytes per request (indexes included); with rollups ${mb(report.fileBytesWithRollups)}`,
    `  per request by table/index: ${Object.entries(report.bytesPerRequestByObject as Record<string, number>).filter(([, value]) => value > 0).map(([name, value]) => `${name} ${value}`).join(", ")}`,
    `rollup of ${rollup.days} days into ${rollup.rollupRows} rows: ${rollup.ms} ms; the hourly re-roll of the last 2 days: ${report.hourlyRerollMs} ms`,
    `prune to 7 days: ${prune.deleted.toLocaleString("en")} rows deleted in ${prune.ms} ms; ${prune.rowsKept.toLocaleString("en")} kept; file ${mb(prune.fileBytesAfter)} of which ${mb(prune.reusableFreeBytes)} free pages reused by new rows`,
    "",
    "| query | raw rows only | with rollups | after prune to 7 days |",
    "| --- | ---: | ---: | ---: |",
    ...Object.keys(raw).map((name) => `| ${name} | ${raw[name]} ms | ${rolled[name]} ms | ${pruned[name]} ms |`),
  ];
  return lines.join("\n");
}

void main();
