import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { QuotaWindow, UsageRow } from "../../../../open-sse/src/ports";
import { emptyConfigDocument, type ConfigDocument, type StoredQuotaWindow } from "../config-db/config-db-schema";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { createUsageStore } from "../usage/usage-store";
import { CooldownBook } from "../../../../open-sse/src/routing/cooldown-book";
import { createQuotaService, type QuotaHoldTarget } from "./quota-service";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-quota-"));
const databases: SqliteDatabase[] = [];
after(() => {
  for (const db of databases) db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});
let counter = 0;
async function database(): Promise<SqliteDatabase> {
  counter += 1;
  const file = path.join(tempDir, `quota-${counter}.sqlite`);
  const db = openSqlite(file);
  databases.push(db);
  await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
  return db;
}

const HOUR = 3_600_000;
const T0 = Date.parse("2026-12-02T10:00:00Z");

function documentWith(windows: StoredQuotaWindow[], reservePercent?: number): ConfigDocument {
  const document = emptyConfigDocument();
  document.providers = [
    {
      id: "claude",
      type: "built-in",
      apiFormat: "anthropic-messages",
      displayName: "Claude",
      baseUrl: null,
      models: [],
      strategy: "priority",
      enabled: true,
      customModels: [],
      accounts: [
        {
          id: "max-1",
          name: "Max plan",
          apiKeyEncrypted: "enc:v1:x",
          baseUrl: null,
          priority: 0,
          enabled: true,
          quotaWindows: windows,
          ...(reservePercent !== undefined ? { quotaReservePercent: reservePercent } : {}),
          createdAt: "2026-01-01T00:00:00Z",
          updatedAt: "2026-01-01T00:00:00Z",
        },
      ],
    },
  ] as ConfigDocument["providers"];
  return document;
}

function row(startedAt: number, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId: `r-${startedAt}-${Math.random()}`,
    startedAt,
    endpoint: "/v1/messages",
    clientFormat: "anthropic-messages",
    provider: "claude",
    model: "claude/claude-sonnet-4-5",
    upstreamModel: "claude-sonnet-4-5",
    account: "Max plan",
    apiKeyName: null,
    stream: true,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    latencyMs: 100,
    ttfbMs: 10,
    inputTokens: 100,
    outputTokens: 50,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    attempts: 1,
    ...overrides,
  };
}

class FakeRouter implements QuotaHoldTarget {
  holds = new Map<string, { until: number; reason: string }>();
  calls: string[] = [];
  constructor(private readonly clock: () => number) {}
  holdUntil(request: { providerId: string; accountId: string; until: number; reason: string }) {
    this.calls.push(`hold ${request.providerId}:${request.accountId} ${request.until}`);
    const key = `${request.providerId}:${request.accountId}`;
    const existing = this.holds.get(key);
    // As the engine's book: a later existing entry wins.
    if (existing === undefined || existing.until < request.until) this.holds.set(key, { until: request.until, reason: request.reason });
  }
  releaseHold(request: { providerId: string; accountId: string; until: number; reason: string }) {
    this.calls.push(`release ${request.providerId}:${request.accountId}`);
    const key = `${request.providerId}:${request.accountId}`;
    const held = this.holds.get(key);
    if (held?.reason === request.reason && held.until === request.until) this.holds.delete(key);
  }
  /** What the engine's cooldown book answers: a hold stops applying the moment its time comes. */
  isAvailable(key: string): boolean {
    const held = this.holds.get(key);
    return held === undefined || held.until <= this.clock();
  }
}

describe("quota service: declared windows counted from our own usage", () => {
  it("seeds from SQLite, then counts rows in memory; requests and tokens; used never swapped with left", async () => {
    const db = await database();
    const store = createUsageStore(db);
    // Yesterday (outside today's window), today, and a refused request (not counted).
    store.record(row(T0 - 24 * HOUR));
    store.record(row(T0 - 2 * HOUR));
    store.record(row(T0 - HOUR, { status: "error", httpStatus: 429 }));
    store.record(row(T0 - 30 * 60_000, { inputTokens: 1_000, outputTokens: null }));
    await store.flush();
    let now = T0;
    const service = createQuotaService({
      db,
      now: () => now,
      intervalMs: false,
      readDocument: () =>
        documentWith([
          { name: "daily requests", kind: "daily", unit: "requests", limit: 4 },
          { name: "daily tokens", kind: "daily", unit: "tokens", limit: 10_000 },
        ]),
      flushUsage: () => store.flush(),
    });
    await service.refresh();
    let account = service.account("claude", "max-1")!;
    assert.equal(account.connectionId, "claude:max-1");
    const requests = account.windows.find((window) => window.name === "daily requests")!;
    assert.deepEqual(
      { used: requests.used, limit: requests.limit, usedPercent: requests.usedPercent, remaining: requests.remaining, source: requests.source, resetsAt: requests.resetsAt },
      { used: 2, limit: 4, usedPercent: 50, remaining: 2, source: "local", resetsAt: Date.parse("2026-12-03T00:00:00Z") },
    );
    assert.equal(account.windows.find((window) => window.name === "daily tokens")!.used, 1_150);

    service.countRow(row(now));
    service.countRow(row(now, { status: "error" }));
    service.countRow(row(now, { provider: "other" }));
    account = service.account("claude", "Max plan")!;
    assert.equal(account.windows[0]!.used, 3);
    assert.equal(account.windows[1]!.used, 1_300);

    // Past midnight UTC the daily window starts over.
    now = Date.parse("2026-12-03T00:00:00Z");
    account = service.account("claude", "max-1")!;
    assert.deepEqual([account.windows[0]!.used, account.windows[0]!.usedPercent, account.windows[0]!.remaining], [0, 0, 4]);
    service.close();
  });

  it("a 5-hour rolling window opens with the first request after the last one closed, and releases all at once", async () => {
    const db = await database();
    const store = createUsageStore(db);
    // A window opened 9 h ago (closed 4 h ago), then one opened 3 h ago with two requests.
    store.record(row(T0 - 9 * HOUR));
    store.record(row(T0 - 3 * HOUR));
    store.record(row(T0 - 2 * HOUR));
    await store.flush();
    let now = T0;
    const service = createQuotaService({
      db,
      now: () => now,
      intervalMs: false,
      readDocument: () => documentWith([{ name: "5h", kind: "rolling-5h", unit: "requests", limit: 10 }]),
      flushUsage: () => store.flush(),
    });
    await service.refresh();
    let window = service.account("claude", "max-1")!.windows[0]!;
    assert.deepEqual([window.used, window.resetsAt, window.kind], [2, T0 + 2 * HOUR, "rolling-5h"]);

    now = T0 + 2 * HOUR - 1;
    service.countRow(row(now));
    assert.equal(service.account("claude", "max-1")!.windows[0]!.used, 3);

    now = T0 + 2 * HOUR;
    window = service.account("claude", "max-1")!.windows[0]!;
    assert.deepEqual([window.used, window.resetsAt], [0, null], "released at the reset; none open until the next request");

    now = T0 + 3 * HOUR;
    service.countRow(row(now));
    window = service.account("claude", "max-1")!.windows[0]!;
    assert.deepEqual([window.used, window.resetsAt], [1, T0 + 8 * HOUR]);
    service.close();
  });

  it("an exhausted local window holds the account until its reset, and the hold ends exactly then", async () => {
    const db = await database();
    let now = Date.parse("2026-12-02T22:00:00Z");
    const service = createQuotaService({
      db,
      now: () => now,
      intervalMs: false,
      readDocument: () => documentWith([{ name: "daily", kind: "daily", unit: "requests", limit: 2, resetHour: 23 }]),
    });
    await service.refresh();
    const router = new FakeRouter(() => now);
    service.attachRouter(router);
    service.countRow(row(now));
    assert.equal(router.holds.size, 0, "1 of 2 used: not held");
    service.countRow(row(now));
    const resetAt = Date.parse("2026-12-02T23:00:00Z");
    assert.deepEqual(router.holds.get("claude:max-1"), { until: resetAt, reason: "quota" });
    const account = service.account("claude", "max-1")!;
    assert.equal(account.heldUntil, resetAt);
    assert.equal(account.windows[0]!.exhausted, true);
    assert.equal(account.windows[0]!.usedPercent, 100, "an exhausted window reads 100 % used, never full");
    assert.equal(account.windows[0]!.remaining, 0);

    now = resetAt - 1;
    assert.equal(router.isAvailable("claude:max-1"), false);
    now = resetAt;
    assert.equal(router.isAvailable("claude:max-1"), true, "released on time");
    assert.equal(service.account("claude", "max-1")!.heldUntil, null);
    assert.equal(service.account("claude", "max-1")!.windows[0]!.used, 0);
    service.close();
  });

  it("with the engine's own cooldown book: the account is unavailable until the weekly reset and available at it", async () => {
    const db = await database();
    // Wednesday 2026-12-02 10:00 UTC; the window resets Mondays 06:00 UTC: 4 days 20 hours away (past any backoff cap).
    let now = T0;
    const service = createQuotaService({
      db,
      now: () => now,
      intervalMs: false,
      readDocument: () => documentWith([{ name: "weekly tokens", kind: "weekly", unit: "tokens", limit: 1_000, resetWeekday: 1, resetHour: 6 }]),
    });
    await service.refresh();
    const book = new CooldownBook({ now: () => now, jitterRatio: 0 });
    service.attachRouter(book);
    service.countRow(row(now, { inputTokens: 900, outputTokens: 100 }));
    const resetAt = Date.parse("2026-12-07T06:00:00Z");
    assert.deepEqual(
      book.blockingEntry("claude", "max-1"),
      { providerId: "claude", accountId: "max-1", reason: "quota", until: resetAt, kind: "account" },
    );
    now = resetAt - 1;
    assert.equal(book.isAvailable("claude", "max-1", "claude-sonnet-4-5"), false);
    now = resetAt;
    assert.equal(book.isAvailable("claude", "max-1", "claude-sonnet-4-5"), true, "released exactly at the reset");
    assert.equal(service.account("claude", "max-1")!.windows[0]!.used, 0);
    service.close();
  });

  it("quotaReservePercent holds the account once that much or less is left", async () => {
    const db = await database();
    const now = T0;
    const service = createQuotaService({
      db,
      now: () => now,
      intervalMs: false,
      readDocument: () => documentWith([{ name: "daily", kind: "daily", unit: "requests", limit: 10 }], 20),
    });
    await service.refresh();
    const router = new FakeRouter(() => now);
    service.attachRouter(router);
    for (let index = 0; index < 7; index += 1) service.countRow(row(now));
    assert.equal(router.holds.size, 0, "70 % used, 30 % left");
    service.countRow(row(now));
    assert.equal(router.holds.get("claude:max-1")?.until, Date.parse("2026-12-03T00:00:00Z"), "80 % used: the 20 % reserve is reached");
    service.close();
  });
});

describe("quota service: upstream windows", () => {
  it("keeps the latest reading per window name, holds on a spent one and releases when it no longer is", async () => {
    const db = await database();
    let now = T0;
    const service = createQuotaService({ db, now: () => now, intervalMs: false, readDocument: () => documentWith([]) });
    const router = new FakeRouter(() => now);
    service.attachRouter(router);
    const window = (name: string, usedPercent: number | null, resetsAt: number | null): QuotaWindow => ({
      name,
      usedPercent,
      used: usedPercent,
      limit: usedPercent === null ? null : 100,
      unit: "percent",
      resetsAt,
    });
    service.observe("claude", "max-1", [window("5h", 42, T0 + HOUR), window("7d", 10, T0 + 72 * HOUR)]);
    let account = service.account("claude", "max-1")!;
    assert.deepEqual(
      account.windows.map((entry) => [entry.name, entry.used, entry.usedPercent, entry.remaining, entry.source]),
      [
        ["5h", 42, 42, 58, "upstream"],
        ["7d", 10, 10, 90, "upstream"],
      ],
    );
    assert.equal(router.holds.size, 0);

    service.observe("claude", "max-1", [window("5h", 100, T0 + HOUR)]);
    assert.deepEqual(router.holds.get("claude:max-1"), { until: T0 + HOUR, reason: "quota" });
    account = service.account("claude", "max-1")!;
    assert.deepEqual(account.windows.map((entry) => entry.usedPercent), [100, 10], "the 7d reading stays");

    // A fresh reading says there is room again (e.g. the user's limit was raised): the hold ends now.
    service.observe("claude", "max-1", [window("5h", 99, T0 + HOUR)]);
    assert.equal(router.holds.size, 0);
    assert.deepEqual(router.calls.at(-1), "release claude:max-1");

    // Past its reset, a window reads as released, not as its last (spent) figure.
    service.observe("claude", "max-1", [window("5h", 100, T0 + HOUR)]);
    now = T0 + HOUR;
    account = service.account("claude", "max-1")!;
    assert.deepEqual([account.windows[0]!.usedPercent, account.windows[0]!.resetsAt, account.windows[0]!.exhausted], [0, null, false]);
    service.close();
  });

  it("moves a hold to an earlier reset when a fresh reading says so (the book never shortens an entry itself)", async () => {
    const db = await database();
    const service = createQuotaService({ db, now: () => T0, intervalMs: false, readDocument: () => documentWith([]) });
    const router = new FakeRouter(() => T0);
    service.attachRouter(router);
    const spent = (resetsAt: number): QuotaWindow[] => [{ name: "7d", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt }];
    service.observe("claude", "max-1", spent(T0 + 48 * HOUR));
    service.observe("claude", "max-1", spent(T0 + 24 * HOUR));
    assert.deepEqual(router.holds.get("claude:max-1"), { until: T0 + 24 * HOUR, reason: "quota" });
    assert.deepEqual(router.calls, [`hold claude:max-1 ${T0 + 48 * HOUR}`, "release claude:max-1", `hold claude:max-1 ${T0 + 24 * HOUR}`]);
    service.close();
  });

  it("rejects readings it cannot trust and never turns a count into 'left'", async () => {
    const db = await database();
    const service = createQuotaService({ db, now: () => T0, intervalMs: false, readDocument: () => documentWith([]) });
    service.observe("codex", "plus", [
      { name: "", usedPercent: 5, used: null, limit: null, unit: "percent", resetsAt: null },
      { name: "bad unit", usedPercent: 5, used: null, limit: null, unit: "gallons" as "percent", resetsAt: null },
      { name: "nothing", usedPercent: null, used: null, limit: null, unit: "percent", resetsAt: null },
      { name: "over", usedPercent: 250, used: null, limit: null, unit: "percent", resetsAt: T0 + HOUR },
      { name: "requests", usedPercent: null, used: 30, limit: 120, unit: "requests", resetsAt: T0 + HOUR },
    ]);
    const windows = service.account("codex", "plus")!.windows;
    assert.deepEqual(
      windows.map((window) => [window.name, window.used, window.limit, window.usedPercent, window.remaining, window.exhausted]),
      [
        ["over", null, null, 100, null, true],
        ["requests", 30, 120, 25, 90, false],
      ],
    );
    assert.equal(service.account("codex", "unknown"), undefined);
    service.close();
  });

  it("does not hold the whole account for a model-only window", async () => {
    const db = await database();
    const service = createQuotaService({ db, now: () => T0, intervalMs: false, readDocument: () => documentWith([]) });
    const router = new FakeRouter(() => T0);
    service.attachRouter(router);
    service.observe("claude", "max-1", [{ name: "7d sonnet", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: T0 + HOUR, scope: "model" } as QuotaWindow]);
    assert.equal(router.holds.size, 0);
    assert.equal(service.account("claude", "max-1")!.windows[0]!.scope, "model");
    service.close();
  });

  it("lists configured accounts and observed ones", async () => {
    const db = await database();
    const service = createQuotaService({ db, now: () => T0, intervalMs: false, readDocument: () => documentWith([]) });
    service.observe("codex", "plus", [{ name: "5h", usedPercent: 1, used: 1, limit: 100, unit: "percent", resetsAt: T0 + HOUR }]);
    assert.deepEqual(
      service.accounts().map((account) => [account.connectionId, account.accountName, account.windows.length]),
      [
        ["claude:max-1", "Max plan", 0],
        ["codex:plus", null, 1],
      ],
    );
    service.close();
  });
});
