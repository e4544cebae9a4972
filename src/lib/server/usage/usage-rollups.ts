/**
 * Daily rollups: one `usage_daily` row per UTC day and (provider, model, account, key, operation), built from the raw
 * rows. A day is rolled up once it ended (plus a grace period for rows still queued), and the last two rolled
 * days are rolled again on every run so a row written late is not missed. Raw rows are deleted only after
 * their day is rolled up (usage-retention.ts), and a day whose raw rows were pruned is never rolled again.
 */
import type { SqliteDatabase } from "../sqlite/sqlite-database";

export const DAY_MS = 86_400_000;
/** Rows reach SQLite within a second normally; a day is closed this long after it ended. */
const DEFAULT_GRACE_MS = 10 * 60_000;
/** Days re-rolled behind the last rolled day, for rows written late (e.g. after SQLite was locked for a while). */
const REROLL_DAYS = 2;

const ROLLED_THROUGH_KEY = "usage_rolled_through";
const RAW_FLOOR_KEY = "usage_raw_floor";

/** The model a rollup and the dashboard group by: the one that answered, else the one the client named. */
export const MODEL_EXPRESSION = "coalesce(upstream_model, model, '')";
/**
 * A raw row's operation as the rollups store it: raw rows leave generation NULL (nearly every row, so it costs no
 * bytes); `usage_daily` spells it out. Part of the rollup key, so filtering by operation reads rollups too.
 */
export const OPERATION_EXPRESSION = "coalesce(operation, 'generation')";

export function dayStartOf(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/** Epoch ms before which every day is in `usage_daily` (0: nothing rolled up yet). */
export function readRolledThrough(db: SqliteDatabase): number {
  return Number(db.prepare("SELECT value FROM meta WHERE key = ?").get(ROLLED_THROUGH_KEY)?.value ?? 0);
}

/** Epoch ms before which raw rows were pruned (0: none were). */
export function readRawFloor(db: SqliteDatabase): number {
  return Number(db.prepare("SELECT value FROM meta WHERE key = ?").get(RAW_FLOOR_KEY)?.value ?? 0);
}

export function writeMeta(db: SqliteDatabase, key: "usage_rolled_through" | "usage_raw_floor", value: number): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, String(value));
}

export interface RollupResult {
  days: number;
  /** Rollup rows written. */
  rows: number;
  rolledThrough: number;
}

export interface RollupOptions {
  now: number;
  graceMs?: number;
}

/** Rolls up every closed day not yet rolled (and re-rolls the last two); one transaction per day. */
export function rollupUsageDays(db: SqliteDatabase, options: RollupOptions): RollupResult {
  const target = dayStartOf(options.now - (options.graceMs ?? DEFAULT_GRACE_MS));
  const rolledThrough = readRolledThrough(db);
  const rawFloor = readRawFloor(db);
  let from: number;
  if (rolledThrough === 0) {
    const oldest = db.prepare("SELECT min(started_at) AS oldest FROM usage").get()?.oldest;
    from = oldest === null || oldest === undefined ? target : dayStartOf(Number(oldest));
  } else {
    from = Math.max(rolledThrough - REROLL_DAYS * DAY_MS, dayStartOf(rawFloor + DAY_MS - 1));
  }
  const remove = db.prepare("DELETE FROM usage_daily WHERE day_start = ?");
  const insert = db.prepare(`
    INSERT INTO usage_daily (day_start, provider, model, account, api_key_id, operation, api_key_name, requests, errors, estimated,
      input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, latency_ms_sum)
    SELECT ?, coalesce(provider, ''), ${MODEL_EXPRESSION}, coalesce(account, ''), coalesce(api_key_id, ''), ${OPERATION_EXPRESSION},
      max(api_key_name), count(*), sum(status <> 'ok'), sum(tokens_estimated),
      total(input_tokens), total(output_tokens), total(cache_read_tokens), total(cache_write_tokens), total(reasoning_tokens),
      total(cost_usd), sum(cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)), total(latency_ms)
    FROM usage WHERE started_at >= ? AND started_at < ?
    GROUP BY 2, 3, 4, 5, 6`);
  const rollDay = db.transaction((dayStart: number) => {
    remove.run(dayStart);
    return insert.run(dayStart, dayStart, dayStart + DAY_MS).changes;
  });
  let days = 0;
  let rows = 0;
  for (let day = from; day < target; day += DAY_MS) {
    rows += rollDay(day);
    days += 1;
  }
  const through = Math.max(target, rolledThrough);
  if (through !== rolledThrough) writeMeta(db, ROLLED_THROUGH_KEY, through);
  return { days, rows, rolledThrough: through };
}
