/**
 * Retention of raw usage rows (default 30 days, `usage.retentionDays` in db.json): older rows are deleted once
 * their day is in `usage_daily`, in small batches so no single delete holds the write lock for long. Daily
 * rollups are kept: monthly reports and budgets read them for days whose raw rows are gone.
 */
import { DEFAULT_USAGE_RETENTION_DAYS } from "../config-db/config-db-schema";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { DAY_MS, dayStartOf, readRawFloor, readRolledThrough, writeMeta } from "./usage-rollups";

const DELETE_BATCH = 5_000;

export interface PruneOptions {
  now: number;
  retentionDays?: number;
  /** Yields between batches (the maintenance timer passes setImmediate) so requests run in between. */
  yieldBetweenBatches?: () => Promise<void>;
}

export async function pruneUsage(db: SqliteDatabase, options: PruneOptions): Promise<{ deleted: number; cutoff: number }> {
  const retentionDays = options.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS;
  // Never delete a raw row whose day is not rolled up yet, whatever the retention says.
  const cutoff = Math.min(dayStartOf(options.now) - retentionDays * DAY_MS, readRolledThrough(db));
  if (cutoff <= readRawFloor(db)) return { deleted: 0, cutoff };
  const remove = db.prepare("DELETE FROM usage WHERE id IN (SELECT id FROM usage WHERE started_at < ? LIMIT ?)");
  let deleted = 0;
  for (;;) {
    const { changes } = remove.run(cutoff, DELETE_BATCH);
    deleted += changes;
    if (changes < DELETE_BATCH) break;
    await options.yieldBetweenBatches?.();
  }
  writeMeta(db, "usage_raw_floor", cutoff);
  return { deleted, cutoff };
}
