/**
 * The usage tables' housekeeping, off the request path: daily rollups, then retention of raw rows. Runs shortly
 * after start and then every hour on an unref'd timer, one run at a time.
 */
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { pruneUsage } from "./usage-retention";
import { rollupUsageDays } from "./usage-rollups";

export interface MaintenanceResult {
  rolledDays: number;
  rollupRows: number;
  rollupMs: number;
  pruned: number;
  pruneMs: number;
}

export interface UsageMaintenanceOptions {
  db: SqliteDatabase;
  retentionDays: () => number | undefined;
  now?: () => number;
  intervalMs?: number;
  firstRunDelayMs?: number;
  onError?: (error: Error) => void;
  onRun?: (result: MaintenanceResult) => void;
}

export interface UsageMaintenance {
  run(): Promise<MaintenanceResult>;
  stop(): void;
}

/** One run: roll up closed days, then delete raw rows past retention (yielding between delete batches). */
export async function runUsageMaintenance(db: SqliteDatabase, retentionDays: number | undefined, now: number): Promise<MaintenanceResult> {
  const rollupStarted = performance.now();
  const rollup = rollupUsageDays(db, { now });
  const rollupMs = performance.now() - rollupStarted;
  const pruneStarted = performance.now();
  const pruned = await pruneUsage(db, { now, retentionDays, yieldBetweenBatches: () => new Promise((resolve) => setImmediate(resolve)) });
  return { rolledDays: rollup.days, rollupRows: rollup.rows, rollupMs, pruned: pruned.deleted, pruneMs: performance.now() - pruneStarted };
}

export function startUsageMaintenance(options: UsageMaintenanceOptions): UsageMaintenance {
  const now = options.now ?? Date.now;
  let running: Promise<MaintenanceResult> | null = null;
  let stopped = false;

  const run = (): Promise<MaintenanceResult> => {
    running ??= runUsageMaintenance(options.db, options.retentionDays(), now()).finally(() => {
      running = null;
    });
    return running;
  };

  const scheduled = () => {
    if (stopped) return;
    run().then(
      (result) => options.onRun?.(result),
      (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))),
    );
  };
  const first = setTimeout(scheduled, options.firstRunDelayMs ?? 30_000);
  first.unref();
  const every = setInterval(scheduled, options.intervalMs ?? 60 * 60_000);
  every.unref();

  return {
    run,
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
