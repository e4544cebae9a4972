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
  {
    version: 3,
    name: "usage-cost-and-rollups",
    up(db) {
      // Additive: old rows keep NULL in every new column (cost unknown, not estimated as far as we know).
      db.exec(`
        CREATE TABLE cost_basis (
          id INTEGER PRIMARY KEY,
          basis TEXT NOT NULL UNIQUE
        );
        ALTER TABLE usage ADD COLUMN api_key_id TEXT;
        ALTER TABLE usage ADD COLUMN combo TEXT;
        ALTER TABLE usage ADD COLUMN attempts INTEGER;
        ALTER TABLE usage ADD COLUMN session_key TEXT;
        ALTER TABLE usage ADD COLUMN tokens_estimated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE usage ADD COLUMN cost_usd REAL;
        ALTER TABLE usage ADD COLUMN cost_basis_id INTEGER REFERENCES cost_basis (id);
        CREATE INDEX usage_api_key_started_at ON usage (api_key_id, started_at);
        CREATE INDEX usage_account_started_at ON usage (provider, account, started_at);
        CREATE INDEX usage_upstream_model_started_at ON usage (upstream_model, started_at);
        CREATE INDEX usage_session_started_at ON usage (session_key, started_at) WHERE session_key IS NOT NULL;
      `);
      // One row per UTC day and (provider, model, account, key): what the dashboard reads for ranges past the raw
      // rows' retention. `model` is the model that answered (upstream_model, else what the client asked for);
      // '' stands for "none" so the key columns can be NOT NULL.
      db.exec(`
        CREATE TABLE usage_daily (
          day_start INTEGER NOT NULL,
          provider TEXT NOT NULL,
          model TEXT NOT NULL,
          account TEXT NOT NULL,
          api_key_id TEXT NOT NULL,
          api_key_name TEXT,
          requests INTEGER NOT NULL,
          errors INTEGER NOT NULL,
          estimated INTEGER NOT NULL,
          input_tokens INTEGER NOT NULL,
          output_tokens INTEGER NOT NULL,
          cache_read_tokens INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          reasoning_tokens INTEGER NOT NULL,
          cost_usd REAL NOT NULL,
          unpriced INTEGER NOT NULL,
          latency_ms_sum INTEGER NOT NULL,
          PRIMARY KEY (day_start, provider, model, account, api_key_id)
        ) WITHOUT ROWID;
        CREATE INDEX usage_daily_api_key ON usage_daily (api_key_id, day_start);
        CREATE INDEX usage_daily_account ON usage_daily (provider, account, day_start);
      `);
    },
  },
  {
    version: 4,
    name: "audit-log-request-log-index-cache-write-1h",
    up(db) {
      // Every admin action (src/lib/server/audit): who, what, from where, and the change with secrets masked.
      // `outcome` says whether it took effect; before/after hold only what changed (JSON), never a secret.
      db.exec(`
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          ip TEXT,
          outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
          http_status INTEGER,
          before_json TEXT,
          after_json TEXT
        );
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE INDEX audit_log_action_at ON audit_log (action, at);
        CREATE INDEX audit_log_actor_at ON audit_log (actor, at);
      `);
      // The request log's entries live in JSONL files under DATA_DIR/logs (src/lib/server/request-logs); this says
      // where each one sits (file, byte offset), so a detail read is one seek. What the list view filters and shows
      // comes from the request's usage row (joined on request_id): nothing is stored twice, and an entry costs one
      // small insert.
      db.exec(`
        CREATE TABLE request_log (
          request_id TEXT PRIMARY KEY,
          started_at INTEGER NOT NULL,
          has_bodies INTEGER NOT NULL,
          file TEXT NOT NULL,
          byte_offset INTEGER NOT NULL,
          bytes INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX request_log_started_at ON request_log (started_at);
        CREATE INDEX request_log_file ON request_log (file);
      `);
      // Of the cache writes, those with a 1-hour lifetime (Anthropic prices them above 5-minute writes); NULL: none
      // reported separately, all cache writes are the default tier.
      db.exec("ALTER TABLE usage ADD COLUMN cache_write_1h_tokens INTEGER");
    },
  },
  {
    version: 5,
    name: "request-log-locations-in-usage",
    up(db) {
      // The request log keeps no index of its own any more: a logged request's usage row says where its entry is in
      // the JSONL files under DATA_DIR/logs (file key, byte offset, length, whether it has bodies), so logging adds
      // no insert of its own (v4's per-entry table cost more than the usage row itself). The list view is the usage
      // rows that have an entry; the partial index keeps "newest logged requests" cheap even when few are logged.
      db.exec(`
        DROP TABLE IF EXISTS request_log;
        ALTER TABLE usage ADD COLUMN log_file INTEGER;
        ALTER TABLE usage ADD COLUMN log_offset INTEGER;
        ALTER TABLE usage ADD COLUMN log_bytes INTEGER;
        ALTER TABLE usage ADD COLUMN log_bodies INTEGER;
        CREATE INDEX usage_logged_started_at ON usage (started_at) WHERE log_file IS NOT NULL;
      `);
    },
  },
  {
    version: 6,
    name: "usage-operation-and-image-count",
    up(db) {
      // What kind of request a row is: NULL = generation (chat, messages, responses: nearly every row, so it costs
      // nothing), 'embedding' or 'image'; and how many images an image request produced (what per-image prices
      // multiply). No CHECK on `operation`: SQLite cannot change a CHECK without rebuilding the table, and the
      // engine may add operations. The partial index covers only the rare non-generation rows, so "the embedding
      // rows of the last 30 days" is an index range even among a million chat rows.
      db.exec(`
        ALTER TABLE usage ADD COLUMN operation TEXT;
        ALTER TABLE usage ADD COLUMN image_count INTEGER;
        CREATE INDEX usage_operation_started_at ON usage (operation, started_at) WHERE operation IS NOT NULL;
      `);
      // Rows written before this step: the endpoint says what they were (the engine's routes end in these paths,
      // also under /v1/providers/{id}/…). Their image counts are unknown and stay NULL.
      db.exec(`
        UPDATE usage SET operation = CASE WHEN endpoint LIKE '%/embeddings' THEN 'embedding' ELSE 'image' END
        WHERE endpoint LIKE '%/embeddings' OR endpoint LIKE '%/images/generations';
      `);
      // The daily rollups gain `operation` in their key, so a history filtered by operation is as right for
      // rolled-up days as for raw ones ('generation' spelled out: the table is small and read by people too). A
      // primary key cannot be altered in SQLite, so the table is rebuilt; its rows keep 'generation', the only
      // thing known about them.
      db.exec(`
        CREATE TABLE usage_daily_v6 (
          day_start INTEGER NOT NULL,
          provider TEXT NOT NULL,
          model TEXT NOT NULL,
          account TEXT NOT NULL,
          api_key_id TEXT NOT NULL,
          operation TEXT NOT NULL,
          api_key_name TEXT,
          requests INTEGER NOT NULL,
          errors INTEGER NOT NULL,
          estimated INTEGER NOT NULL,
          input_tokens INTEGER NOT NULL,
          output_tokens INTEGER NOT NULL,
          cache_read_tokens INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          reasoning_tokens INTEGER NOT NULL,
          cost_usd REAL NOT NULL,
          unpriced INTEGER NOT NULL,
          latency_ms_sum INTEGER NOT NULL,
          PRIMARY KEY (day_start, provider, model, account, api_key_id, operation)
        ) WITHOUT ROWID;
        INSERT INTO usage_daily_v6 (day_start, provider, model, account, api_key_id, operation, api_key_name, requests, errors,
          estimated, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, latency_ms_sum)
        SELECT day_start, provider, model, account, api_key_id, 'generation', api_key_name, requests, errors,
          estimated, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, latency_ms_sum
        FROM usage_daily;
        DROP TABLE usage_daily;
        ALTER TABLE usage_daily_v6 RENAME TO usage_daily;
        CREATE INDEX usage_daily_api_key ON usage_daily (api_key_id, day_start);
        CREATE INDEX usage_daily_account ON usage_daily (provider, account, day_start);
      `);
      // Days whose rollups mixed in embeddings or images (raw rows of those days are all still there, and one of
      // them is not a generation) are rolled up again, now split by operation: by the next maintenance run, not here
      // (that can take seconds on a large table). Lowering `usage_rolled_through` to the first such day does it;
      // until then the dashboard reads those days from the raw rows, and retention keeps the raw rows of days not
      // rolled up. Other days keep the rollups copied above: they held generations only. The constants are
      // usage-rollups.ts's as of this step, written out so the step never changes.
      const DAY_MS = 86_400_000;
      const meta = (key: string) => db.prepare("SELECT value FROM meta WHERE key = ?").get(key)?.value;
      const rolledThrough = Number(meta("usage_rolled_through") ?? 0);
      const firstWholeRawDay = Math.floor((Number(meta("usage_raw_floor") ?? 0) + DAY_MS - 1) / DAY_MS) * DAY_MS;
      // Reads the partial index created above: the non-generation rows only.
      const firstOther = db.prepare("SELECT min(started_at) AS first FROM usage WHERE operation IS NOT NULL AND started_at >= ?").get(firstWholeRawDay)?.first;
      if (firstOther !== null && firstOther !== undefined) {
        const firstDay = Math.floor(Number(firstOther) / DAY_MS) * DAY_MS;
        if (firstDay < rolledThrough) db.prepare("UPDATE meta SET value = ? WHERE key = 'usage_rolled_through'").run(String(firstDay));
      }
    },
  },
];

export const LATEST_SCHEMA_VERSION: number = migrations[migrations.length - 1]?.version ?? 0;
