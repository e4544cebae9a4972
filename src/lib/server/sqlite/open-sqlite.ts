/**
 * Opens the app's SQLite database with whichever driver this machine can load: better-sqlite3 first (fast,
 * shipped as a prebuilt native module), then Node's built-in node:sqlite (Node >= 22.13), so a broken or
 * ABI-mismatched native build degrades to the built-in driver instead of taking the gateway down.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import type {
  SqliteDatabase,
  SqliteParameter,
  SqliteRow,
  SqliteRunResult,
  SqliteStatement,
} from "./sqlite-database";
import { SqliteUnavailableError, firstLineOf } from "./sqlite-unavailable-error";

/** Set to "1" in tests to make better-sqlite3 fail to load as if its native module were missing. */
export const BREAK_BETTER_SQLITE3_ENV = "OMNIROUTE_TEST_BREAK_BETTER_SQLITE3";

const requireFromHere = createRequire(import.meta.url);

type BetterSqliteConstructor = typeof BetterSqlite3;

/** The part of node:sqlite we use; declared here because @types/node 20 does not describe it. */
interface NodeSqliteStatement {
  run(...parameters: SqliteParameter[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...parameters: SqliteParameter[]): unknown;
  all(...parameters: SqliteParameter[]): unknown[];
}
interface NodeSqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string) => NodeSqliteDatabase;
}

type LoadResult<Driver> = { loaded: true; driver: Driver } | { loaded: false; reason: string };

export function openSqlite(file: string): SqliteDatabase {
  prepareDatabaseFile(file);
  const database = openWithAvailableDriver(file);
  try {
    // busy_timeout first so the switch to WAL waits for another process instead of failing at once.
    database.exec(
      "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    );
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

function openWithAvailableDriver(file: string): SqliteDatabase {
  const betterSqlite = loadBetterSqlite3();
  if (betterSqlite.loaded) return wrapBetterSqlite3(new betterSqlite.driver(file), file);
  const nodeSqlite = loadNodeSqlite();
  if (nodeSqlite.loaded) {
    return Object.assign(wrapNodeSqlite(new nodeSqlite.driver.DatabaseSync(file), file), { fallbackReason: betterSqlite.reason });
  }
  throw new SqliteUnavailableError(betterSqlite.reason, nodeSqlite.reason);
}

function loadBetterSqlite3(): LoadResult<BetterSqliteConstructor> {
  try {
    if (process.env[BREAK_BETTER_SQLITE3_ENV] === "1") {
      throw new Error(
        `Could not locate the bindings file better_sqlite3.node (simulated by ${BREAK_BETTER_SQLITE3_ENV}=1)`,
      );
    }
    const Database = requireFromHere("better-sqlite3") as BetterSqliteConstructor;
    // The native addon loads lazily on the first construction: open a throwaway in-memory database so a
    // missing or ABI-mismatched build fails here, not later with an error that looks like a file problem.
    new Database(":memory:").close();
    return { loaded: true, driver: Database };
  } catch (error) {
    return { loaded: false, reason: firstLineOf(error) };
  }
}

function loadNodeSqlite(): LoadResult<NodeSqliteModule> {
  try {
    const nodeSqlite = (
      typeof process.getBuiltinModule === "function"
        ? process.getBuiltinModule("node:sqlite")
        : requireFromHere("node:sqlite")
    ) as NodeSqliteModule | undefined;
    if (!nodeSqlite?.DatabaseSync) throw new Error("node:sqlite is not built into this Node version");
    new nodeSqlite.DatabaseSync(":memory:").close();
    return { loaded: true, driver: nodeSqlite };
  } catch (error) {
    return { loaded: false, reason: firstLineOf(error) };
  }
}

/** Creates the parent folder and the file with owner-only access: the database holds usage history. */
function prepareDatabaseFile(file: string): void {
  if (file === ":memory:" || file === "") return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "a", 0o600));
  // An existing file keeps the mode it was created with; tighten it. SQLite gives -wal/-shm the same mode.
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Not every filesystem supports modes (e.g. some mounted volumes); the open itself still works.
  }
}

/**
 * Creates the backup target exclusively (never overwriting an older backup) and owner-only before anything is
 * copied in, then removes it again if the copy fails so a half-written file is never mistaken for a backup.
 */
async function writeBackup(file: string, copyInto: () => Promise<unknown> | void): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "wx", 0o600));
  try {
    await copyInto();
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
}

function wrapBetterSqlite3(database: BetterSqlite3.Database, file: string): SqliteDatabase {
  return {
    driver: "better-sqlite3",
    file,
    exec(sql) {
      database.exec(sql);
    },
    prepare(sql): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        run: (...parameters) => {
          const result = statement.run(...parameters);
          return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
        },
        get: (...parameters) => statement.get(...parameters) as SqliteRow | undefined,
        all: (...parameters) => statement.all(...parameters) as SqliteRow[],
      };
    },
    transaction<Args extends unknown[], Result>(fn: (...args: Args) => Result) {
      // better-sqlite3's own wrapper already handles nesting (savepoints) and rejects async functions.
      const wrapped = database.transaction(fn);
      return (...args: Args): Result => wrapped(...args) as Result;
    },
    backupTo(target) {
      return writeBackup(target, () => database.backup(target));
    },
    close() {
      if (database.open) database.close();
    },
  };
}

function wrapNodeSqlite(database: NodeSqliteDatabase, file: string): SqliteDatabase {
  let depth = 0;
  let open = true;
  return {
    driver: "node:sqlite",
    file,
    exec(sql) {
      database.exec(sql);
    },
    prepare(sql): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        run: (...parameters): SqliteRunResult => {
          const result = statement.run(...parameters);
          return { changes: Number(result.changes), lastInsertRowid: result.lastInsertRowid };
        },
        get: (...parameters) => statement.get(...parameters) as SqliteRow | undefined,
        all: (...parameters) => statement.all(...parameters) as SqliteRow[],
      };
    },
    transaction<Args extends unknown[], Result>(fn: (...args: Args) => Result) {
      // Same contract as better-sqlite3's wrapper: nested calls become savepoints, async functions are refused.
      return (...args: Args): Result => {
        const savepoint = depth > 0 ? `omniroute_savepoint_${depth}` : null;
        database.exec(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN");
        depth += 1;
        let committed = false;
        try {
          const result = fn(...args);
          if (isPromiseLike(result)) throw new TypeError("Transaction function cannot return a promise");
          database.exec(savepoint ? `RELEASE ${savepoint}` : "COMMIT");
          committed = true;
          return result;
        } finally {
          depth -= 1;
          if (!committed) {
            try {
              database.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : "ROLLBACK");
            } catch {
              // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); the original error matters.
            }
          }
        }
      };
    },
    backupTo(target) {
      // VACUUM INTO writes a consistent snapshot, and accepts an existing empty file as its target.
      return writeBackup(target, () => {
        database.prepare("VACUUM INTO ?").run(target);
      });
    },
    close() {
      if (!open) return;
      open = false;
      database.close();
    },
  };
}

function isPromiseLike(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
