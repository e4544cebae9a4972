/**
 * Brings a database up to the schema this code expects, one versioned step at a time (see migrations.ts).
 */
import path from "node:path";
import type { SqliteDatabase } from "./sqlite-database";
import { migrations as knownMigrations } from "./migrations";
import type { Migration } from "./migrations";
import { SqliteSchemaTooNewError } from "./sqlite-schema-too-new-error";

export interface MigrateSqliteOptions {
  /** The database's path, used in error messages. */
  file: string;
  /** Where the pre-upgrade backup goes (created if missing). */
  backupDir: string;
  /** Stop at this version instead of the latest (tests use it to build an old database). */
  targetVersion?: number;
  /** Recorded in `meta.created_by_version` for new databases. */
  appVersion?: string;
  /** Tests inject their own steps (e.g. one that fails); defaults to the app's migrations. */
  migrations?: readonly Migration[];
  now?: () => Date;
}

export interface MigrateSqliteResult {
  from: number;
  to: number;
  /** Set when pending steps ran on a database that already had a schema. */
  backupFile?: string;
}

export async function migrateSqlite(db: SqliteDatabase, options: MigrateSqliteOptions): Promise<MigrateSqliteResult> {
  const steps = options.migrations ?? knownMigrations;
  assertOrdered(steps);
  const latest = steps[steps.length - 1]?.version ?? 0;
  const from = readUserVersion(db);
  if (from > latest) throw new SqliteSchemaTooNewError(options.file, from, latest);

  const target = options.targetVersion ?? latest;
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new RangeError(`targetVersion must be an integer from 0 to ${latest}, got ${target}`);
  }
  const pending = steps.filter((step) => step.version > from && step.version <= target);
  if (pending.length === 0) return { from, to: from };

  // Only a database with data is worth keeping; a new one has nothing to lose if a step fails.
  let backupFile: string | undefined;
  if (from > 0) {
    const timestamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, "-");
    backupFile = path.join(options.backupDir, `omniroute-v${from}-${timestamp}.sqlite`);
    await db.backupTo(backupFile);
  }

  const context = { appVersion: options.appVersion ?? "unknown", fromVersion: from };
  for (const step of pending) applyStep(db, step, context, options.file, latest);

  const to = readUserVersion(db);
  return backupFile ? { from, to, backupFile } : { from, to };
}

function applyStep(
  db: SqliteDatabase,
  step: Migration,
  context: { appVersion: string; fromVersion: number },
  file: string,
  latest: number,
): void {
  // IMMEDIATE takes the write lock up front, so two processes starting on the same file wait for each other
  // (busy_timeout) instead of failing halfway through a read-then-write upgrade.
  db.exec("BEGIN IMMEDIATE");
  try {
    const current = readUserVersion(db);
    if (current > latest) throw new SqliteSchemaTooNewError(file, current, latest);
    // Another process may have applied this step while we waited for the lock.
    if (current < step.version) {
      step.up(db, context);
      db.exec(`PRAGMA user_version = ${step.version}`);
    }
    db.exec("COMMIT");
  } catch (error) {
    try {
      db.exec("ROLLBACK");
    } catch {
      // Already rolled back by SQLite itself; the step's error is the one worth reporting.
    }
    if (error instanceof SqliteSchemaTooNewError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`SQLite migration v${step.version} (${step.name}) failed and was rolled back: ${message}`, {
      cause: error,
    });
  }
}

export function readUserVersion(db: SqliteDatabase): number {
  const row = db.prepare("PRAGMA user_version").get();
  return Number(row?.user_version ?? 0);
}

function assertOrdered(steps: readonly Migration[]): void {
  steps.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3…: "${step.name}" is at position ${index + 1} with version ${step.version}`);
    }
  });
}
