/**
 * The schema of omniroute.sqlite, as an ordered list of steps. `PRAGMA user_version` records the last step
 * applied. Never edit a shipped step: databases in the field already ran it. Add a new one instead.
 */
import type { SqliteDatabase } from "./sqlite-database";

export interface MigrationContext {
  /** The omniroute version running the migration. */
  appVersion: string;
  /** The schema version the database had before this migration run started (0 = new database). */
  fromVersion: number;
}

export interface Migration {
  version: number;
  name: string;
  /** Runs inside a transaction opened by `migrateSqlite`: do not open another one with `db.transaction`. */
  up(db: SqliteDatabase, context: MigrationContext): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "create-usage",
    up(db) {
      db.exec(`
        CREATE TABLE usage (
          id INTEGER PRIMARY KEY,
          request_id TEXT NOT NULL UNIQUE,
          started_at INTEGER NOT NULL,
          endpoint TEXT,
          client_format TEXT,
          provider TEXT,
          model TEXT,
          upstream_model TEXT,
          account TEXT,
          api_key_name TEXT,
          stream INTEGER,
          status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'aborted', 'stream_error')),
          http_status INTEGER,
          error_code TEXT,
          latency_ms INTEGER,
          ttfb_ms INTEGER,
          input_tokens INTEGER,
          output_tokens INTEGER,
          cache_read_tokens INTEGER,
          cache_write_tokens INTEGER,
          reasoning_tokens INTEGER
        );
        CREATE INDEX usage_started_at ON usage (started_at);
      `);
    },
  },
  {
    version: 2,
    name: "usage-indexes-and-meta",
    up(db, context) {
      // The dashboard filters by provider, model and status over a time range.
      db.exec(`
        CREATE INDEX usage_provider_started_at ON usage (provider, started_at);
        CREATE INDEX usage_model_started_at ON usage (model, started_at);
        CREATE INDEX usage_status_started_at ON usage (status, started_at);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      `);
      // A database upgraded from v1 was created by an older release we can no longer name.
      const createdBy = context.fromVersion === 0 ? context.appVersion : "unknown (created before schema v2)";
      db.prepare("INSERT INTO meta (key, value) VALUES ('created_by_version', ?)").run(createdBy);
    },
  },
];

export const LATEST_SCHEMA_VERSION: number = migrations[migrations.length - 1]?.version ?? 0;
