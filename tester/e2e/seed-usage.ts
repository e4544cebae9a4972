// Fills a DATA_DIR's SQLite with synthetic usage rows spread over the last N days (ending now), for the dashboard's
// chart-performance check and screenshots with data. Rows go through the real batched UsageStore, then the closed
// days are rolled up as a server that had been running would have done.
//   node --import tsx tester/e2e/seed-usage.ts --data-dir /tmp/x/data [--rows 150000] [--days 30]
// It may run while a server uses that DATA_DIR (SQLite allows it; the seed re-rolls every day afterwards), or before.
import fs from "node:fs";
import path from "node:path";
import type { UsageRow, UsageStatus } from "../../open-sse/src/ports";
import { migrateSqlite } from "../../src/lib/server/sqlite/migrate-sqlite";
import { openSqlite } from "../../src/lib/server/sqlite/open-sqlite";
import { rollupUsageDays, writeMeta } from "../../src/lib/server/usage/usage-rollups";
import { createUsageStore } from "../../src/lib/server/usage/usage-store";

const DAY_MS = 86_400_000;

interface SyntheticProvider {
  id: string;
  models: { id: string; rates: { input: number; cacheRead: number; cacheWrite: number; output: number; reasoning: number } }[];
  accounts: string[];
}

const PROVIDERS: SyntheticProvider[] = [
  {
    id: "anthropic",
    models: [
      { id: "claude-sonnet-4-5", rates: { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, reasoning: 15 } },
      { id: "claude-haiku-4-5", rates: { input: 1, cacheRead: 0.1, cacheWrite: 1.25, output: 5, reasoning: 5 } },
    ],
    accounts: ["work", "personal"],
  },
  {
    id: "openai",
    models: [
      { id: "gpt-5", rates: { input: 1.25, cacheRead: 0.125, cacheWrite: 1.25, output: 10, reasoning: 10 } },
      { id: "gpt-5-mini", rates: { input: 0.25, cacheRead: 0.025, cacheWrite: 0.25, output: 2, reasoning: 2 } },
    ],
    accounts: ["team"],
  },
  {
    id: "gemini",
    models: [{ id: "gemini-2.5-pro", rates: { input: 1.25, cacheRead: 0.31, cacheWrite: 1.25, output: 10, reasoning: 10 } }],
    accounts: ["paid"],
  },
  { id: "groq", models: [{ id: "llama-3.3-70b-versatile", rates: { input: 0.59, cacheRead: 0.59, cacheWrite: 0.59, output: 0.79, reasoning: 0.79 } }], accounts: ["main"] },
];
const KEYS = [
  { id: "seed-key-laptop", name: "laptop" },
  { id: "seed-key-ci", name: "ci" },
  { id: "seed-key-agent", name: "agent" },
];
const STATUSES: UsageStatus[] = [...Array<UsageStatus>(22).fill("ok"), "error", "aborted", "stream_error"];

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

/** mulberry32: the same seed writes the same rows, so runs compare. */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface SeedRow {
  row: UsageRow;
  costUsd: number | null;
  basis: string;
}

function syntheticRow(index: number, total: number, from: number, span: number, next: () => number): SeedRow {
  const provider = PROVIDERS[Math.floor(next() * PROVIDERS.length)]!;
  const model = provider.models[Math.floor(next() * provider.models.length)]!;
  const key = KEYS[Math.floor(next() * KEYS.length)]!;
  const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
  const failed = status === "error";
  const input = Math.floor(1_000 + next() * 60_000);
  const cacheRead = Math.floor(input * next() * 0.8);
  const cacheWrite = Math.floor((input - cacheRead) * next() * 0.3);
  const output = Math.floor(40 + next() * 3_000);
  const reasoning = Math.floor(output * next() * 0.4);
  const rates = model.rates;
  const costUsd = failed
    ? null
    : ((input - cacheRead - cacheWrite) * rates.input + cacheRead * rates.cacheRead + cacheWrite * rates.cacheWrite + (output - reasoning) * rates.output + reasoning * rates.reasoning) / 1e6;
  return {
    row: {
      requestId: `seed-${index.toString(36)}-${Math.floor(next() * 1e9).toString(36)}`,
      startedAt: from + Math.floor((index / total) * span),
      endpoint: "/v1/messages",
      clientFormat: "anthropic-messages",
      provider: provider.id,
      model: `${provider.id}/${model.id}`,
      upstreamModel: model.id,
      account: provider.accounts[Math.floor(next() * provider.accounts.length)]!,
      apiKeyName: key.name,
      apiKeyId: key.id,
      stream: next() < 0.8,
      status,
      httpStatus: status === "ok" ? 200 : failed ? 502 : 499,
      errorCode: status === "ok" ? null : failed ? "upstream_error" : "client_closed",
      latencyMs: Math.floor(300 + next() * 20_000),
      ttfbMs: Math.floor(120 + next() * 1_500),
      inputTokens: failed ? null : input,
      outputTokens: failed ? null : output,
      cacheReadTokens: failed ? null : cacheRead,
      cacheWriteTokens: failed ? null : cacheWrite,
      reasoningTokens: failed ? null : reasoning,
      combo: next() < 0.2 ? "seed-stack" : null,
      attempts: 1,
      sessionKey: `seed${Math.floor(index / 30).toString(16).padStart(12, "0")}`,
    },
    costUsd,
    basis: JSON.stringify({ billing: "metered", source: "default", key: `${provider.id}/${model.id}`, tier: null, rates }),
  };
}

export async function seedUsage(options: { dataDir: string; rows: number; days: number; now?: number }): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, "omniroute.sqlite");
  const db = openSqlite(file);
  try {
    await migrateSqlite(db, { file, backupDir: path.join(options.dataDir, "backups") });
    const store = createUsageStore(db, { flushIntervalMs: 50, maxBatch: 1_000, onError: (error) => console.error(error.message) });
    const now = options.now ?? Date.now();
    const span = options.days * DAY_MS;
    const next = pseudoRandom(11);
    for (let index = 0; index < options.rows; index += 1) {
      const seed = syntheticRow(index, options.rows, now - span, span, next);
      store.record(seed.row, { costUsd: seed.costUsd, costBasis: seed.basis, tokensEstimated: false });
      if (index % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    await store.close();
    // A running server may already have marked these days rolled up (empty): roll every day again from the
    // oldest row, so the dashboard's rollup-backed queries see the seeded rows.
    writeMeta(db, "usage_rolled_through", 0);
    rollupUsageDays(db, { now });
    return { rows: options.rows, ms: Math.round(performance.now() - started) };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dataDir = option(args, "data-dir");
  if (dataDir === undefined) {
    console.error("usage: seed-usage.ts --data-dir <dir> [--rows 150000] [--days 30]");
    process.exit(2);
  }
  const result = await seedUsage({ dataDir: path.resolve(dataDir), rows: Number(option(args, "rows") ?? 150_000), days: Number(option(args, "days") ?? 30) });
  console.log(`seeded ${result.rows} usage rows in ${result.ms} ms`);
}
