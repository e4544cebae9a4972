/**
 * The small SQLite surface the rest of the app uses. Two drivers sit behind it (better-sqlite3 and the
 * built-in node:sqlite), so nothing outside `open-sqlite.ts` may depend on either driver's own API.
 */

export type SqliteDriver = "better-sqlite3" | "node:sqlite";

/** Values both drivers bind. Booleans are not among them: store them as 0/1. */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/** Positional values, or one object of named values (`@name` / `:name` / `$name` in the SQL). */
export type SqliteParameter = SqliteValue | Record<string, SqliteValue>;

export type SqliteRow = Record<string, unknown>;

export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...parameters: SqliteParameter[]): SqliteRunResult;
  get(...parameters: SqliteParameter[]): SqliteRow | undefined;
  all(...parameters: SqliteParameter[]): SqliteRow[];
}

export interface SqliteDatabase {
  readonly driver: SqliteDriver;
  /** Why better-sqlite3 was not used, when the node:sqlite fallback is in use (shown at startup). */
  readonly fallbackReason?: string;
  /** The path the database was opened from. */
  readonly file: string;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /**
   * Wraps `fn` so each call runs inside BEGIN/COMMIT and rolls back if it throws. `fn` must be
   * synchronous: a transaction cannot stay open across an await.
   */
  transaction<Args extends unknown[], Result>(fn: (...args: Args) => Result): (...args: Args) => Result;
  /** Writes a consistent copy of the live database to `file` (which must not exist yet). */
  backupTo(file: string): Promise<void>;
  close(): void;
}
