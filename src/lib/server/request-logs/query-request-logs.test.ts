import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { createUsageStore } from "../usage/usage-store";
import { parseRequestLogQuery, queryRequestLogList, requestLogListStatement, type RequestLogQuery } from "./query-request-logs";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-request-log-list-"));
const START = Date.parse("2026-12-01T00:00:00Z");
const UNLOGGED = 5_000;
let db: SqliteDatabase;

function row(requestId: string, startedAt: number, status: UsageRow["status"] = "ok"): UsageRow {
  return {
    requestId,
    startedAt,
    endpoint: "/v1/chat/completions",
    clientFormat: "openai-chat",
    provider: "openai",
    model: "openai/gpt-4o",
    upstreamModel: "gpt-4o",
    account: "work",
    apiKeyName: "ci",
    apiKeyId: "key-ci",
    stream: false,
    status,
    httpStatus: status === "ok" ? 200 : 502,
    errorCode: null,
    latencyMs: 10,
    ttfbMs: 5,
    inputTokens: 1,
    outputTokens: 1,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
  };
}

// Many usage rows, few logged: 5,000 unlogged rows one a second, and 12 logged ones among them, in pairs that
// share their started_at (keyset paging must break the tie on id). Logged rows 0–3 are in file 1 (deleted: the
// oldest file still there is 2), the rest in file 2; every third logged row is an error.
const LOGGED = Array.from({ length: 12 }, (_, index) => ({ requestId: `logged-${index}`, startedAt: START + 400_000 * Math.floor(index / 2) + 1, file: index < 4 ? 1 : 2 }));

before(async () => {
  const file = path.join(tempDir, "usage.sqlite");
  db = openSqlite(file);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  const store = createUsageStore(db, { flushIntervalMs: 60_000, maxBatch: 5_000 });
  for (let index = 0; index < UNLOGGED; index += 1) store.record(row(`plain-${index}`, START + index * 1_000), { costUsd: null, costBasis: null, tokensEstimated: false });
  LOGGED.forEach((entry, index) => {
    store.record(row(entry.requestId, entry.startedAt, index % 3 === 2 ? "error" : "ok"), {
      costUsd: null,
      costBasis: null,
      tokensEstimated: false,
      requestLog: { file: entry.file, offset: index * 100, bytes: 100, hasBodies: index % 2 === 0 },
    });
  });
  await store.flush();
  await store.close();
});
after(() => {
  db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

const list = (params: string, oldestFile: number | null = 2) => queryRequestLogList(db, parseRequestLogQuery(new URLSearchParams(params)), oldestFile);
/** Logged rows in files still there, newest first (ties: the later insert, i.e. the higher id, first). */
const expectedNewestFirst = LOGGED.filter((entry) => entry.file >= 2)
  .map((entry, index) => ({ ...entry, index }))
  .sort((left, right) => right.startedAt - left.startedAt || right.index - left.index)
  .map((entry) => entry.requestId);

function planOf(query: RequestLogQuery): string {
  const { sql, parameters } = requestLogListStatement(query, 2);
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...parameters)
    .map((step) => String(step.detail))
    .join(" | ");
}

describe("request log list", () => {
  it("lists only logged rows of files still there, newest first", () => {
    const page = list("");
    assert.deepEqual(page.data.map((item) => item.requestId), expectedNewestFirst);
    assert.equal(page.nextCursor, null);
    assert.deepEqual(list("", null).data, [], "no log file at all: nothing to list");
    assert.deepEqual(list("status=error").data.map((item) => item.requestId), ["logged-11", "logged-8", "logged-5"]);
    assert.equal(page.data.find((item) => item.requestId === "logged-4")?.hasBodies, true);
  });

  it("pages through ties on started_at without losing or repeating a row", () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ReturnType<typeof list> = list(cursor === null ? "limit=3" : `limit=3&cursor=${cursor}`);
      assert.ok(page.data.length <= 3);
      seen.push(...page.data.map((item) => item.requestId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, expectedNewestFirst);
    // A cursor and `until`: whichever ends first bounds the page.
    const first = list("limit=2");
    const until = new Date(LOGGED[9]!.startedAt).toISOString();
    assert.deepEqual(list(`limit=50&cursor=${first.nextCursor}&until=${until}`).data.map((item) => item.requestId), expectedNewestFirst.slice(4));
    assert.deepEqual(list(`limit=50&cursor=${first.nextCursor}&until=${new Date(START + 1e9).toISOString()}`).data.map((item) => item.requestId), expectedNewestFirst.slice(2));
  });

  it("reads the partial index of logged rows, in its order, whatever the filters", () => {
    const cursor = { startedAt: LOGGED[9]!.startedAt, id: UNLOGGED + 10 };
    const plans = {
      plain: planOf({ limit: 50 }),
      filtered: planOf({ limit: 50, status: "error", provider: "openai", model: "openai/gpt-4o", apiKeyId: "key-ci", account: "work" }),
      range: planOf({ limit: 50, since: START, until: START + 1e9 }),
      cursor: planOf({ limit: 50, before: cursor }),
      rangeAndCursor: planOf({ limit: 50, since: START, until: START + 1e9, before: cursor }),
    };
    for (const [name, plan] of Object.entries(plans)) {
      assert.match(plan, /^(SCAN|SEARCH) usage USING INDEX usage_logged_started_at\b/, name);
      assert.doesNotMatch(plan, /TEMP B-TREE/, `${name}: the index order is the ORDER BY`);
    }
    assert.equal(plans.plain, "SCAN usage USING INDEX usage_logged_started_at");
    assert.equal(plans.range, "SEARCH usage USING INDEX usage_logged_started_at (started_at>? AND started_at<?)");
    assert.equal(plans.cursor, "SEARCH usage USING INDEX usage_logged_started_at (started_at<?)", "a deep page seeks to its cursor");
    assert.equal(plans.rangeAndCursor, "SEARCH usage USING INDEX usage_logged_started_at (started_at>? AND started_at<?)");
  });
});
