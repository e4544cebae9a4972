/**
 * Proves the database works by really writing and reading it (used by /api/health and the Docker HEALTHCHECK):
 * an open handle alone says nothing about a full disk or a file made read-only.
 */
import type { SqliteDatabase } from "./sqlite-database";

export interface SqliteHealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * The probe runs on the event loop: while another process holds the write lock it must give up fast (and
 * report the database busy) instead of waiting out the connection's 5 s busy_timeout and freezing every request.
 */
const HEALTH_BUSY_WAIT_MS = 100;

export function checkSqliteHealth(db: SqliteDatabase): SqliteHealthCheck[] {
  const probe = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  const write = attempt("sqlite.write", () => {
    const previous = Number(db.prepare("PRAGMA busy_timeout").get()?.timeout ?? 0);
    db.exec(`PRAGMA busy_timeout = ${HEALTH_BUSY_WAIT_MS}`);
    try {
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('health_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(probe);
    } finally {
      db.exec(`PRAGMA busy_timeout = ${previous}`);
    }
  });
  const read = attempt("sqlite.read", () => {
    if (!write.ok) {
      // Nothing new to read back; a read of the schema still shows whether reads work at all.
      db.prepare("SELECT count(*) AS tables FROM sqlite_master").get();
      return;
    }
    const row = db.prepare("SELECT value FROM meta WHERE key = 'health_probe'").get();
    if (row?.value !== probe) throw new Error("read back a different value than was just written");
  });
  return [write, read];
}

function attempt(name: string, check: () => void): SqliteHealthCheck {
  try {
    check();
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
