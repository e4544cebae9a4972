import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { countUsageByStatus, createUsageStore, queryRecentUsage } from "./usage-store";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-usage-"));
let fileCounter = 0;
const openDatabases: SqliteDatabase[] = [];

after(() => {
  for (const db of openDatabases) db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function migratedDatabase(): Promise<{ db: SqliteDatabase; file: string }> {
  fileCounter += 1;
  const file = path.join(tempDir, `usage-${fileCounter}.sqlite`);
  const db = openSqlite(file);
  openDatabases.push(db);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  return { db, file };
}

function usageRow(overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId: "request-1",
    startedAt: 1_750_000_000_000,
    endpoint: "/v1/chat/completions",
    clientFormat: "openai-chat",
    provider: "openai",
    model: "openai/gpt-4o",
    upstreamModel: "gpt-4o",
    account: "work",
    apiKeyName: "laptop",
    stream: true,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    latencyMs: 812.6,
    ttfbMs: 120,
    inputTokens: 10,
    outputTokens: 20,
    cacheReadTokens: 3,
    cacheWriteTokens: null,
    reasoningTokens: 0,
    ...overrides,
  };
}

function countRows(db: SqliteDatabase): number {
  return Number(db.prepare("SELECT count(*) AS total FROM usage").get()?.total);
}

test("1,000 recorded rows are all written by flush, and read back intact", async () => {
  const { db } = await migratedDatabase();
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  for (let index = 0; index < 1000; index += 1) {
    store.record(usageRow({ requestId: `request-${index}`, startedAt: 1_750_000_000_000 + index }));
  }
  await store.flush();
  assert.equal(countRows(db), 1000);
  assert.equal(store.pendingCount, 0);
  assert.deepEqual(errors, []);

  const [newest] = queryRecentUsage(db, 1);
  assert.deepEqual(newest, {
    ...usageRow({ requestId: "request-999", startedAt: 1_750_000_000_999, latencyMs: 813 }),
    apiKeyId: null,
    combo: null,
    attempts: null,
    sessionKey: null,
    tokensEstimated: false,
    costUsd: null,
    costBasisId: null,
    operation: "generation",
    imageCount: null,
  });
  assert.equal(queryRecentUsage(db, 25).length, 25);
  await store.close();
});

test("rows reach SQLite on their own, without an explicit flush", async () => {
  const { db } = await migratedDatabase();
  const store = createUsageStore(db, { flushIntervalMs: 20 });
  store.record(usageRow({ requestId: "by-timer" }));
  assert.equal(countRows(db), 0, "record only queues");
  const deadline = Date.now() + 2000;
  while (countRows(db) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(countRows(db), 1);
  await store.close();
});

test("reaching maxBatch writes without waiting for the timer", async () => {
  const { db } = await migratedDatabase();
  const store = createUsageStore(db, { flushIntervalMs: 60_000, maxBatch: 10 });
  for (let index = 0; index < 10; index += 1) store.record(usageRow({ requestId: `batch-${index}` }));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(countRows(db), 10);
  await store.close();
});

test("a request id recorded twice is stored once, even across flushes", async () => {
  const { db } = await migratedDatabase();
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  store.record(usageRow({ requestId: "twice" }));
  store.record(usageRow({ requestId: "twice", status: "error" }));
  await store.flush();
  store.record(usageRow({ requestId: "twice" }));
  await store.flush();
  assert.equal(countRows(db), 1);
  assert.deepEqual(countUsageByStatus(db), { ok: 1, error: 0, aborted: 0, stream_error: 0 }, "the first one wins");
  assert.deepEqual(errors, [], "a duplicate is expected (retries), not an error");
  await store.close();
});

test("close writes what is queued; record after close neither throws nor writes", async () => {
  const { db } = await migratedDatabase();
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  store.record(usageRow({ requestId: "before-close" }));
  await store.close();
  assert.equal(countRows(db), 1);
  assert.doesNotThrow(() => {
    store.record(usageRow({ requestId: "after-close-1" }));
    store.record(usageRow({ requestId: "after-close-2" }));
  });
  await store.flush();
  assert.equal(countRows(db), 1);
  assert.equal(errors.length, 1, "reported once, not per row");
  assert.match(errors[0]?.message ?? "", /after the usage store was closed/);
});

test("invalid rows are reported and skipped without throwing or blocking the others", async () => {
  const { db } = await migratedDatabase();
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  assert.doesNotThrow(() => {
    store.record(usageRow({ requestId: "good" }));
    store.record(usageRow({ requestId: "bad-status", status: "weird" as UsageRow["status"] }));
    store.record(null as unknown as UsageRow);
    store.record(usageRow({ requestId: "" }));
  });
  await store.flush();
  assert.deepEqual(
    queryRecentUsage(db, 10).map((row) => row.requestId),
    ["good"],
  );
  assert.equal(errors.length, 3);
  await store.close();
});

test("a locked database keeps the rows and a later flush writes them exactly once", async () => {
  const { db, file } = await migratedDatabase();
  db.exec("PRAGMA busy_timeout = 0"); // fail at once instead of waiting 5 s for the lock below
  const locker = openSqlite(file);
  openDatabases.push(locker);
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });

  store.record(usageRow({ requestId: "held-1" }));
  store.record(usageRow({ requestId: "held-2" }));
  locker.exec("BEGIN IMMEDIATE");
  await assert.rejects(store.flush(), /locked|busy/i);
  assert.equal(store.pendingCount, 2);
  locker.exec("COMMIT");

  store.record(usageRow({ requestId: "held-2" }));
  await store.flush();
  assert.equal(store.pendingCount, 0);
  assert.deepEqual(
    queryRecentUsage(db, 10).map((row) => row.requestId).sort(),
    ["held-1", "held-2"],
  );
  await store.close();
});

test("while SQLite refuses writes the queue is bounded: the oldest rows are dropped and reported", async () => {
  const { db, file } = await migratedDatabase();
  db.exec("PRAGMA busy_timeout = 0");
  const locker = openSqlite(file);
  openDatabases.push(locker);
  const errors: Error[] = [];
  const store = createUsageStore(db, {
    flushIntervalMs: 60_000,
    maxBatch: 2,
    maxQueue: 5,
    onError: (error) => errors.push(error),
  });

  locker.exec("BEGIN IMMEDIATE");
  for (let index = 1; index <= 8; index += 1) store.record(usageRow({ requestId: `row-${index}`, startedAt: index }));
  assert.equal(store.pendingCount, 5);
  await assert.rejects(store.flush(), /locked|busy/i);
  locker.exec("COMMIT");
  await store.flush();

  assert.deepEqual(
    queryRecentUsage(db, 10).map((row) => row.requestId),
    ["row-8", "row-7", "row-6", "row-5", "row-4"],
  );
  const dropReports = errors.filter((error) => /dropped the 3 oldest usage rows/.test(error.message));
  assert.equal(dropReports.length, 1, errors.map((error) => error.message).join("\n"));
  assert.equal(store.droppedCount, 3, "counted for /metrics");
  await store.close();
});

test("countUsageByStatus lists every status", async () => {
  const { db } = await migratedDatabase();
  const store = createUsageStore(db);
  store.record(usageRow({ requestId: "a", status: "ok" }));
  store.record(usageRow({ requestId: "b", status: "stream_error" }));
  store.record(usageRow({ requestId: "c", status: "stream_error" }));
  await store.close();
  assert.deepEqual(countUsageByStatus(db), { ok: 1, error: 0, aborted: 0, stream_error: 2 });
});

test("another process's write lock does not freeze the event loop for the connection's busy_timeout", async () => {
  const { db, file } = await migratedDatabase();
  db.exec("PRAGMA busy_timeout = 5000"); // what open-sqlite sets: a flush must not wait that long, synchronously
  const locker = openSqlite(file);
  openDatabases.push(locker);
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });

  store.record(usageRow({ requestId: "busy-1" }));
  locker.exec("BEGIN IMMEDIATE");
  const started = performance.now();
  await assert.rejects(store.flush(), /locked|busy/i);
  const waited = performance.now() - started;
  assert.ok(waited < 500, `the flush held the event loop for ${waited.toFixed(0)} ms`);
  assert.equal(Number(Object.values(db.prepare("PRAGMA busy_timeout").get() ?? {})[0]), 5000, "the connection's own timeout is restored");
  assert.equal(store.pendingCount, 1);
  locker.exec("COMMIT");

  await store.flush();
  assert.deepEqual(queryRecentUsage(db, 10).map((row) => row.requestId), ["busy-1"]);
  await store.close();
});

test("the cost, the estimated flag and the new columns are stored; each distinct cost basis once", async () => {
  const { db } = await migratedDatabase();
  const errors: Error[] = [];
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  const basis = '{"billing":"metered","source":"default"}';
  store.record(usageRow({ requestId: "a", apiKeyId: "key-1", combo: "stack", attempts: 2, sessionKey: "s1" }), { costUsd: 0.153, costBasis: basis, tokensEstimated: false });
  store.record(usageRow({ requestId: "b" }), { costUsd: 0.5, costBasis: basis, tokensEstimated: true });
  await store.flush();
  store.record(usageRow({ requestId: "c" }), { costUsd: 0.25, costBasis: '{"billing":"free"}', tokensEstimated: false });
  store.record(usageRow({ requestId: "d" }), { costUsd: 0.1, costBasis: basis, tokensEstimated: false });
  await store.flush();
  const rows = queryRecentUsage(db, 10).sort((left, right) => left.requestId.localeCompare(right.requestId));
  assert.deepEqual(
    rows.map((row) => [row.requestId, row.apiKeyId, row.combo, row.attempts, row.sessionKey, row.costUsd, row.tokensEstimated]),
    [
      ["a", "key-1", "stack", 2, "s1", 0.153, false],
      ["b", null, null, null, null, 0.5, true],
      ["c", null, null, null, null, 0.25, false],
      ["d", null, null, null, null, 0.1, false],
    ],
  );
  assert.equal(Number(db.prepare("SELECT count(*) AS n FROM cost_basis").get()?.n), 2);
  assert.equal(rows[0]?.costBasisId, rows[3]?.costBasisId);
  assert.notEqual(rows[0]?.costBasisId, rows[2]?.costBasisId);
  assert.deepEqual(errors, []);
  await store.close();
});

test("a batch rolled back by a busy database leaves no cost basis id behind that was never committed", async () => {
  const { db, file } = await migratedDatabase();
  db.exec("PRAGMA busy_timeout = 0");
  const locker = openSqlite(file);
  openDatabases.push(locker);
  const store = createUsageStore(db, { flushIntervalMs: 60_000, onError: () => {} });
  store.record(usageRow({ requestId: "x" }), { costUsd: 1, costBasis: '{"n":1}', tokensEstimated: false });
  locker.exec("BEGIN IMMEDIATE");
  await assert.rejects(store.flush(), /locked|busy/i);
  locker.exec("COMMIT");
  await store.flush();
  const [row] = queryRecentUsage(db, 1);
  assert.equal(db.prepare("SELECT basis FROM cost_basis WHERE id = ?").get(row?.costBasisId ?? -1)?.basis, '{"n":1}');
  await store.close();
});
