import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { emptyConfigDocument, type ConfigDocument } from "../config-db/config-db-schema";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { NO_ACCOUNTING, type RowAccounting } from "../usage/usage-columns";
import { createUsageStore } from "../usage/usage-store";
import { UsageQueryError } from "../usage/usage-query-params";
import { parseRequestLogQuery } from "./query-request-logs";
import { keptBody, presentBody } from "./request-log-entry";
import { createRequestLogService } from "./request-log-service";
import { resolveRequestLogSettings } from "./request-log-settings";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-request-logs-"));
const databases: SqliteDatabase[] = [];
after(() => {
  for (const db of databases) db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});
let counter = 0;
async function setup(document: ConfigDocument, env: Record<string, string> = {}) {
  counter += 1;
  const dir = path.join(tempDir, `case-${counter}`);
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  const file = path.join(dir, "omniroute.sqlite");
  const db = openSqlite(file);
  databases.push(db);
  await migrateSqlite(db, { file, backupDir: path.join(dir, "backups") });
  let now = Date.parse("2026-12-02T10:00:00Z");
  let current = document;
  const service = createRequestLogService({
    logsDir: path.join(dir, "logs"),
    db,
    readDocument: () => current,
    env: env as unknown as NodeJS.ProcessEnv,
    now: () => now,
    flushIntervalMs: 60_000,
  });
  // The list view joins each entry's usage row: rows are recorded beside entries, as the usage sink does.
  const usage = createUsageStore(db, { flushIntervalMs: 60_000 });
  const record = async (row: UsageRow, accounting: RowAccounting = { ...NO_ACCOUNTING }) => {
    // As the usage sink does it: the log first (it says where the entry is), then the row that stores that.
    service.onRow(row, accounting);
    usage.record(row, accounting);
  };
  return {
    db,
    service,
    record,
    flushAll: async () => {
      await usage.flush();
      await service.flush();
    },
    logsDir: path.join(dir, "logs"),
    setNow: (value: number) => (now = value),
    setDocument: (next: ConfigDocument) => (current = next),
  };
}

function enabledDocument(overrides: Partial<{ maxBytes: number; retentionDays: number }> = {}): ConfigDocument {
  const document = emptyConfigDocument();
  document.settings.requestLogs = { enabled: true, retentionDays: overrides.retentionDays ?? 7, maxBytes: overrides.maxBytes ?? 64 * 1024 * 1024 };
  document.apiKeys = [
    { id: "k-open", name: "laptop", hash: "0".repeat(64), prefix: "omr_a", createdAt: "x", enabled: true, expiresAt: null, allowedModels: null, lastUsedAt: null, logRequestContent: true },
    { id: "k-private", name: "private", hash: "1".repeat(64), prefix: "omr_b", createdAt: "x", enabled: true, expiresAt: null, allowedModels: null, lastUsedAt: null, logRequestContent: false },
  ];
  return document;
}

function row(requestId: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId,
    startedAt: Date.parse("2026-12-02T09:59:59Z"),
    endpoint: "/v1/chat/completions",
    clientFormat: "openai-chat",
    provider: "openai",
    model: "openai/gpt-4o",
    upstreamModel: "gpt-4o",
    account: "work",
    apiKeyName: "laptop",
    apiKeyId: "k-open",
    stream: false,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    latencyMs: 120.5,
    ttfbMs: 80,
    inputTokens: 12,
    outputTokens: 3,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    attempts: 2,
    attemptTrail: [
      { provider: "openai", model: "openai/gpt-4o", account: "spare", outcome: "failed", reason: "rate-limit", httpStatus: 429, latencyMs: 30 },
      { provider: "openai", model: "openai/gpt-4o", account: "work", outcome: "ok", reason: null, httpStatus: 200, latencyMs: 80 },
    ],
    ...overrides,
  };
}

const bodies = (request: string, response: string, max = 64 * 1024) => ({
  request: Buffer.from(request).subarray(0, max),
  requestBytes: Buffer.byteLength(request),
  response: Buffer.from(response).subarray(0, max),
  responseBytes: Buffer.byteLength(response),
});

describe("request log settings", () => {
  it("ENABLE_REQUEST_LOGS wins over the stored setting, both ways; off by default", () => {
    const stored = enabledDocument();
    assert.equal(resolveRequestLogSettings(emptyConfigDocument(), {} as NodeJS.ProcessEnv).enabled, false);
    assert.equal(resolveRequestLogSettings(stored, {} as NodeJS.ProcessEnv).enabledBy, "settings");
    assert.equal(resolveRequestLogSettings(stored, { ENABLE_REQUEST_LOGS: "false" } as unknown as NodeJS.ProcessEnv).enabled, false);
    const fromEnv = resolveRequestLogSettings(emptyConfigDocument(), { ENABLE_REQUEST_LOGS: "true" } as unknown as NodeJS.ProcessEnv);
    assert.deepEqual([fromEnv.enabled, fromEnv.enabledBy, fromEnv.retentionDays], [true, "env", 7]);
  });
});

describe("request log service", () => {
  it("writes an entry per usage row with metadata, attempt trail and redacted bodies, and lists and reads it back", async () => {
    const { service, logsDir, record, flushAll } = await setup(enabledDocument());
    assert.equal(service.capture.wants("k-open"), true);
    assert.equal(service.capture.wants(null), true);
    assert.equal(service.capture.wants("k-private"), false, "a key with logRequestContent: false hands over no bodies");
    const requestBody = JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "my key is sk-abcdefghijklmnopqrstuvwx" }], api_key: "hunter2" });
    service.capture.capture("r1", bodies(requestBody, '{"id":"chatcmpl-r1","choices":[]}'));
    await record(row("r1"), { costUsd: 0.0012, costBasis: null, tokensEstimated: false });
    await record(row("r2", { startedAt: Date.parse("2026-12-02T09:59:59.500Z"), status: "error", httpStatus: 429, errorCode: "upstream_rate_limited", apiKeyId: "k-private" }));
    await flushAll();

    const files = fs.readdirSync(logsDir);
    assert.deepEqual(files, ["requests-2026-12-02-001.jsonl"]);
    const text = fs.readFileSync(path.join(logsDir, files[0]!), "utf8");
    assert.equal(text.trim().split("\n").length, 2);
    assert.ok(!text.includes("sk-abcdefghij") && !text.includes("hunter2"), "secrets never reach the file");
    assert.equal((fs.statSync(path.join(logsDir, files[0]!)).mode & 0o777).toString(8), "600");

    const page = service.list(parseRequestLogQuery(new URLSearchParams()));
    assert.deepEqual(page.data.map((item) => [item.requestId, item.status, item.hasBodies]), [
      ["r2", "error", false],
      ["r1", "ok", true],
    ]);
    assert.deepEqual(service.list(parseRequestLogQuery(new URLSearchParams("status=error"))).data.map((item) => item.requestId), ["r2"]);
    assert.deepEqual(service.list(parseRequestLogQuery(new URLSearchParams("key=k-open"))).data.map((item) => item.requestId), ["r1"]);
    assert.equal(service.list(parseRequestLogQuery(new URLSearchParams())).data[1]!.costUsd, 0.0012);
    const first = service.list(parseRequestLogQuery(new URLSearchParams("limit=1")));
    assert.deepEqual(first.data.map((item) => item.requestId), ["r2"]);
    const second = service.list(parseRequestLogQuery(new URLSearchParams({ limit: "1", cursor: first.nextCursor! })));
    assert.deepEqual([second.data.map((item) => item.requestId), second.nextCursor], [["r1"], null]);

    const entry = await service.detail("r1");
    assert.ok(entry !== undefined);
    assert.equal(entry.bodies, "stored");
    assert.deepEqual(entry.request?.body, { model: "openai/gpt-4o", messages: [{ role: "user", content: "my key is [redacted]" }], api_key: "[masked]" });
    assert.deepEqual(entry.response?.body, { id: "chatcmpl-r1", choices: [] });
    assert.equal(entry.attemptTrail.length, 2);
    assert.equal(entry.attemptTrail[0]!.reason, "rate-limit");
    assert.equal(entry.costUsd, 0.0012);
    assert.equal(entry.latencyMs, 120.5);
    const metadataOnly = await service.detail("r2");
    assert.deepEqual([metadataOnly?.bodies, metadataOnly?.request, metadataOnly?.errorCode], ["off-for-key", null, "upstream_rate_limited"]);
    assert.equal(await service.detail("nope"), undefined);
    await service.close();
  });

  it("keeps nothing while off, and a key's opt-out drops bodies even when captured", async () => {
    const document = enabledDocument();
    const { service, logsDir, setDocument, record, flushAll } = await setup(emptyConfigDocument());
    assert.equal(service.capture.wants("k-open"), false);
    const offAccounting = { ...NO_ACCOUNTING };
    await record(row("off"), offAccounting);
    await flushAll();
    assert.deepEqual(fs.readdirSync(logsDir), []);
    assert.equal(offAccounting.requestLog, undefined, "no location: the usage row says it was not logged");
    setDocument(document);
    service.capture.capture("late", bodies("{}", "{}"));
    await record(row("late", { apiKeyId: "k-private" }));
    await flushAll();
    const entry = await service.detail("late");
    assert.deepEqual([entry?.bodies, entry?.request, entry?.response], ["off-for-key", null, null]);
    await service.close();
  });

  it("keeps bodies as redacted text, cut at the cap and marked truncated; whole JSON is shown parsed", () => {
    const cut = keptBody(Buffer.from('{"a":"xxxx'), 5_000);
    assert.deepEqual(cut, { text: '{"a":"xxxx', json: false, bytes: 5_000, truncated: true });
    assert.deepEqual(presentBody(cut), { body: '{"a":"xxxx', bytes: 5_000, truncated: true });
    const sse = Buffer.from('data: {"x":1}\n\ndata: [DONE]\n\n');
    const stream = keptBody(sse, sse.length);
    assert.deepEqual([stream.json, stream.truncated, stream.text], [false, false, sse.toString()]);
    const json = Buffer.from('{"token":"abcdef123456","n":[1,2],"note":"Bearer abcdefghijklmnop"}');
    const stored = keptBody(json, json.length);
    assert.equal(stored.text, '{"token":"[masked]","n":[1,2],"note":"Bearer [redacted]"}');
    assert.deepEqual(presentBody(stored)?.body, { token: "[masked]", n: [1, 2], note: "Bearer [redacted]" });
    // A cut inside a multi-byte character drops the partial character.
    const euro = Buffer.from("€€");
    assert.equal(keptBody(euro.subarray(0, 4), euro.length).text, "€");
  });

  it("rotates files by size and day; the total cap and retention delete the oldest files, and their entries leave the list", async () => {
    const { service, logsDir, setNow, record, flushAll } = await setup(enabledDocument({ maxBytes: 1024 * 1024, retentionDays: 2 }));
    const big = "y".repeat(60 * 1024);
    for (let index = 0; index < 10; index += 1) {
      service.capture.capture(`big-${index}`, bodies("{}", big));
      await record(row(`big-${index}`, { startedAt: Date.parse("2026-12-02T09:00:00Z") + index }));
    }
    await flushAll();
    let files = fs.readdirSync(logsDir).sort();
    assert.ok(files.length >= 3, `files: ${files.join(", ")}`);
    for (const file of files) assert.ok(fs.statSync(path.join(logsDir, file)).size <= 256 * 1024, `${file} stays under the file cap`);
    // Every entry is readable at the place its usage row recorded.
    for (let index = 0; index < 10; index += 1) assert.equal((await service.detail(`big-${index}`))?.response?.bytes, big.length);

    // Past the total cap (1 MB), the oldest files go first, with their index rows.
    for (let index = 10; index < 25; index += 1) {
      service.capture.capture(`big-${index}`, bodies("{}", big));
      await record(row(`big-${index}`, { startedAt: Date.parse("2026-12-02T09:00:00Z") + index }));
    }
    await flushAll();
    const total = fs.readdirSync(logsDir).reduce((sum, file) => sum + fs.statSync(path.join(logsDir, file)).size, 0);
    assert.ok(total <= 1024 * 1024, `total ${total} within the cap`);
    assert.equal(await service.detail("big-0"), undefined, "the oldest entry went with its file");
    assert.ok((await service.detail("big-24")) !== undefined);
    const listed = service.list(parseRequestLogQuery(new URLSearchParams("limit=500"))).data.map((item) => item.requestId);
    assert.ok(listed.length < 25 && listed.length > 5, `entries in deleted files are not listed (${listed.length})`);
    assert.equal(listed[0], "big-24");
    assert.ok(!listed.includes("big-0"));

    // A new UTC day opens a new file; past retention, old days' files go.
    setNow(Date.parse("2026-12-03T00:00:01Z"));
    await record(row("next-day", { startedAt: Date.parse("2026-12-03T00:00:00Z") }));
    await flushAll();
    assert.ok(fs.readdirSync(logsDir).includes("requests-2026-12-03-001.jsonl"));
    setNow(Date.parse("2026-12-05T12:00:00Z"));
    await service.maintain();
    files = fs.readdirSync(logsDir);
    assert.deepEqual(files, ["requests-2026-12-03-001.jsonl"]);
    assert.deepEqual(service.list(parseRequestLogQuery(new URLSearchParams())).data.map((item) => item.requestId), ["next-day"]);
    await service.close();
  });

  it("parses list filters and refuses bad ones by name", () => {
    assert.throws(() => parseRequestLogQuery(new URLSearchParams("status=weird&limit=9999&since=yesterday")), (error: unknown) => {
      assert.ok(error instanceof UsageQueryError);
      assert.equal(error.problems.length, 3);
      return true;
    });
  });
});
