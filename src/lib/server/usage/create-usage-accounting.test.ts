import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { UsageRow } from "../../../../open-sse/src/ports";
import { emptyConfigDocument, type ConfigDocument } from "../config-db/config-db-schema";
import { parsePrometheusText } from "../metrics/parse-prometheus-text";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { createUsageAccounting } from "./create-usage-accounting";
import { queryUsageLogs } from "./query-usage-logs";
import { parseLogsQuery } from "./usage-query-params";

/** Rows are priced and counted one turn after they are recorded (create-accounting-sink.ts). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-accounting-"));
const databases: SqliteDatabase[] = [];
after(() => {
  for (const db of databases) db.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});
const NOW = Date.UTC(2026, 10, 30, 12);
const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function setup(document: ConfigDocument) {
  const file = path.join(tempDir, `${databases.length}.sqlite`);
  const sqlite = openSqlite(file);
  databases.push(sqlite);
  await migrateSqlite(sqlite, { file, backupDir: path.join(tempDir, "backups") });
  let current = document;
  const accounting = createUsageAccounting({
    sqlite,
    configDb: { read: () => current },
    logger: silent,
    now: () => NOW,
    maintenance: false,
    store: { flushIntervalMs: 60_000 },
  });
  return { sqlite, accounting, setDocument: (next: ConfigDocument) => (current = next) };
}

function documentWith(mutate: (document: ConfigDocument) => void): ConfigDocument {
  const document = emptyConfigDocument();
  mutate(document);
  return document;
}

function row(requestId: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    requestId,
    startedAt: NOW,
    endpoint: "/v1/messages",
    clientFormat: "anthropic-messages",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    upstreamModel: "claude-sonnet-4-5-20250929",
    account: "work",
    apiKeyName: "laptop",
    apiKeyId: "k1",
    stream: true,
    status: "ok",
    httpStatus: 200,
    errorCode: null,
    latencyMs: 900,
    ttfbMs: 300,
    inputTokens: 171_000,
    outputTokens: 2_000,
    cacheReadTokens: 150_000,
    cacheWriteTokens: 20_000,
    reasoningTokens: null,
    attempts: 1,
    ...overrides,
  };
}

const logs = (sqlite: SqliteDatabase) => queryUsageLogs(sqlite, parseLogsQuery(new URLSearchParams("limit=100"), NOW + 1)).data;

describe("createUsageAccounting", () => {
  it("prices rows on the host when they are recorded, with a stored breakdown; overrides and billing modes apply", async () => {
    const { sqlite, accounting, setDocument } = await setup(emptyConfigDocument());
    accounting.usageSink.record(row("default-price"));
    await nextTurn();
    setDocument(
      documentWith((document) => {
        document.pricing = { models: { "anthropic/claude-sonnet-4-5": { inputPerMillion: 1, outputPerMillion: 1 } }, billing: { "anthropic/max-plan": "subscription" } };
      }),
    );
    accounting.usageSink.record(row("override-price"));
    accounting.usageSink.record(row("subscription", { account: "max-plan" }));
    accounting.usageSink.record(row("unknown-model", { upstreamModel: "claude-next" }));
    await accounting.usageSink.flush();
    const byId = new Map(logs(sqlite).map((entry) => [entry.requestId, entry]));
    assert.equal(byId.get("default-price")?.costUsd, 0.153);
    // The built-in provider catalog prices it (its list price equals the shipped default here).
    assert.equal(byId.get("default-price")?.costBreakdown?.source, "catalog");
    assert.equal(byId.get("default-price")?.costBreakdown?.lines.length, 4);
    // 1,000 + 150,000 + 20,000 input-priced tokens and 2,000 output at $1/M each.
    assert.equal(byId.get("override-price")?.costUsd, 0.173);
    assert.equal(byId.get("override-price")?.costBreakdown?.source, "override");
    assert.equal(byId.get("subscription")?.costUsd, 0);
    assert.equal(byId.get("subscription")?.costBreakdown?.listPriceUsd, 0.173);
    assert.equal(byId.get("unknown-model")?.costUsd, null);
    await accounting.close();
  });

  it("estimates the input of a stream that ended without usage, one turn later, and flags it", async () => {
    const { sqlite, accounting } = await setup(emptyConfigDocument());
    let calls = 0;
    const estimateInputTokens = () => (calls++, 1_000_000 / 10);
    accounting.usageSink.record(row("aborted", { status: "aborted", httpStatus: 499, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, estimateInputTokens }));
    accounting.usageSink.record(row("never-sent", { status: "aborted", attempts: 0, inputTokens: null, outputTokens: null, estimateInputTokens }));
    accounting.usageSink.record(row("upstream-error", { status: "error", inputTokens: null, outputTokens: null, estimateInputTokens }));
    assert.equal(calls, 0, "nothing is counted on the recording caller's stack");
    await accounting.usageSink.flush();
    assert.equal(calls, 1);
    const byId = new Map(logs(sqlite).map((entry) => [entry.requestId, entry]));
    assert.equal(byId.get("aborted")?.inputTokens, 100_000);
    assert.equal(byId.get("aborted")?.tokensEstimated, true);
    assert.equal(byId.get("aborted")?.costUsd, 0.3);
    assert.match(byId.get("aborted")?.costBreakdown?.notes.join(" ") ?? "", /estimated locally/);
    assert.equal(byId.get("never-sent")?.inputTokens, null, "no upstream call: nothing to estimate");
    assert.equal(byId.get("upstream-error")?.inputTokens, null);
    await accounting.close();
  });

  it("budgets through the port: 50 concurrent requests, settled from their usage rows, stay within the in-flight bound", async () => {
    const document = documentWith((draft) => {
      draft.apiKeys.push({
        id: "k1",
        name: "laptop",
        hash: "0".repeat(64),
        prefix: "omr_x",
        createdAt: "2026-01-01T00:00:00Z",
        enabled: true,
        expiresAt: null,
        allowedModels: null,
        lastUsedAt: null,
        logRequestContent: true,
        budget: { dailyUsd: 1, monthlyUsd: null, warnAtPercent: null },
      });
    });
    const { sqlite, accounting } = await setup(document);
    // A 30,000-byte body (≤ 10,000 tokens) capped at 1,000 output tokens on Sonnet: $0.03 + $0.015 = $0.045 each.
    const request = (index: number) => ({ keyId: "k1", requestId: `b${index}`, targets: [{ provider: "anthropic", model: "claude-sonnet-4-5" }], bodyBytes: 30_000, maxOutputTokens: 1_000 });
    const verdicts = Array.from({ length: 50 }, (_, index) => accounting.budgets.reserve(request(index)));
    const admitted = verdicts.flatMap((verdict, index) => (verdict.ok ? [{ index, reservationId: verdict.reservationId }] : []));
    assert.equal(admitted.length, 23, "ceil($1 / $0.045)");
    assert.equal(accounting.budgets.reservationCount, 23);
    // Each admitted request really used 10,000 input and 1,333 output tokens ($0.03 + $0.019995 = $0.049995):
    // more than its estimate, the worst case for overshoot.
    for (const { index, reservationId } of admitted) {
      accounting.usageSink.record(row(`b${index}`, { budgetReservationId: reservationId, inputTokens: 10_000, outputTokens: 1_333, cacheReadTokens: 0, cacheWriteTokens: 0 }));
    }
    await nextTurn();
    assert.equal(accounting.budgets.reservationCount, 0, "every reservation settled by its row");
    const [daily] = accounting.budgets.status("k1");
    assert.ok(Math.abs(daily!.spentUsd - 23 * 0.049995) < 1e-9, String(daily!.spentUsd));
    // Admission stops once spend + reservations reach the limit, so the admitted estimates sum to less than the limit
    // plus one estimate; what is over that is only how far real costs exceeded their estimates.
    const estimateError = 23 * (0.049995 - 0.045);
    assert.ok(daily!.spentUsd - 1 <= 0.045 + estimateError + 1e-9, `overshoot ${daily!.spentUsd - 1}`);
    const refused = accounting.budgets.reserve(request(99));
    assert.ok(!refused.ok);
    assert.match(refused.message, /daily budget of API key 'laptop' is used up/);
    await accounting.usageSink.flush();
    assert.equal(logs(sqlite).length, 23);
    await accounting.close();
  });

  it("a restarted process starts from the spend already recorded", async () => {
    const document = documentWith((draft) => {
      draft.apiKeys.push({ id: "k1", name: "laptop", hash: "0".repeat(64), prefix: "omr_x", createdAt: "2026-01-01T00:00:00Z", enabled: true, expiresAt: null, allowedModels: null, lastUsedAt: null, logRequestContent: true, budget: { dailyUsd: 0.2, monthlyUsd: null, warnAtPercent: null } });
    });
    const { sqlite, accounting } = await setup(document);
    accounting.usageSink.record(row("spent"));
    await accounting.close();
    const again = createUsageAccounting({ sqlite, configDb: { read: () => document }, logger: silent, now: () => NOW, maintenance: false });
    const verdict = again.budgets.reserve({ keyId: "k1", requestId: "next", targets: [], bodyBytes: 10, maxOutputTokens: 1 });
    assert.equal(verdict.ok, true, "$0.153 of $0.20");
    again.usageSink.record(row("spent-2"));
    await nextTurn();
    assert.equal(again.budgets.reserve({ keyId: "k1", requestId: "after", targets: [], bodyBytes: 10, maxOutputTokens: 1 }).ok, false);
    await again.close();
  });

  it("renders /metrics that a strict Prometheus parser accepts, with requests, tokens, cost and queue depth", async () => {
    const { accounting } = await setup(emptyConfigDocument());
    accounting.usageSink.record(row("m1"));
    accounting.usageSink.record(row("m2", { status: "error", httpStatus: 502, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, upstreamModel: 'we"ird\\model\n' }));
    await nextTurn();
    const text = accounting.renderMetrics({
      version: "1.2.3",
      inFlight: () => 3,
      resilience: () => ({
        breakers: [{ providerId: "anthropic", profile: "api-key", state: "open", consecutiveFailures: 5, windowCalls: 5, windowFailures: 5, openMs: 1000, openUntil: NOW + 1000, probeInFlight: false }],
        cooldowns: [{ providerId: "openai", accountId: "a", reason: "rate-limit", until: NOW + 5000, kind: "account" }],
        retryBudget: { tokens: 1, capacity: 1 } as never,
      }),
    });
    const families = parsePrometheusText(text);
    const sample = (name: string, labels: Record<string, string>) =>
      [...families.values()].flatMap((family) => family.samples).find((entry) => entry.name === name && Object.entries(labels).every(([key, value]) => entry.labels[key] === value));
    assert.equal(sample("omniroute_requests_total", { status: "ok", code: "200", provider: "anthropic", model: "claude-sonnet-4-5-20250929" })?.value, 1);
    assert.equal(sample("omniroute_requests_total", { status: "error", model: 'we"ird\\model\n' })?.value, 1, "label values escaped and read back");
    assert.equal(sample("omniroute_tokens_total", { type: "cache_read" })?.value, 150_000);
    assert.equal(sample("omniroute_cost_usd_total", { provider: "anthropic" })?.value, 0.153);
    assert.equal(sample("omniroute_request_duration_seconds_count", { provider: "anthropic" })?.value, 2);
    assert.equal(sample("omniroute_requests_in_flight", {})?.value, 3);
    assert.equal(sample("omniroute_circuit_breaker_state", { provider: "anthropic", state: "open" })?.value, 1);
    assert.equal(sample("omniroute_circuit_breaker_state", { provider: "anthropic", state: "closed" })?.value, 0);
    assert.equal(sample("omniroute_cooldowns_active", { provider: "openai", reason: "rate-limit" })?.value, 1);
    assert.equal(sample("omniroute_usage_write_queue_depth", {})?.value, 2, "two rows queued, none written yet");
    assert.equal(sample("omniroute_usage_rows_dropped_total", {})?.value, 0);
    assert.equal(families.get("omniroute_build_info")?.samples[0]?.labels.version, "1.2.3");
    await accounting.close();
  });
});
