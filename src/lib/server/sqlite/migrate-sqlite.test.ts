import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateSqlite, readUserVersion } from "./migrate-sqlite";
import { LATEST_SCHEMA_VERSION, migrations } from "./migrations";
import { openSqlite } from "./open-sqlite";
import type { SqliteDatabase } from "./sqlite-database";
import { SqliteSchemaTooNewError } from "./sqlite-schema-too-new-error";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-migrate-"));
after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

let fileCounter = 0;
function freshPaths() {
  fileCounter += 1;
  const folder = path.join(tempDir, `case-${fileCounter}`);
  return { file: path.join(folder, "omniroute.sqlite"), backupDir: path.join(folder, "backups") };
}

function withDatabase<Result>(file: string, use: (db: SqliteDatabase) => Result): Result {
  const db = openSqlite(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Like withDatabase, but closes only once the async work is done. */
async function withDatabaseAsync<Result>(file: string, use: (db: SqliteDatabase) => Promise<Result>): Promise<Result> {
  const db = openSqlite(file);
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

function names(db: SqliteDatabase, type: "table" | "index"): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all(type)
    .map((row) => String(row.name));
}

function insertUsage(db: SqliteDatabase, requestId: string, status: string): void {
  db.prepare("INSERT INTO usage (request_id, started_at, provider, model, status) VALUES (?, ?, 'openai', 'gpt-4o', ?)").run(
    requestId,
    Date.now(),
    status,
  );
}

test("migrations are numbered 1..n and the latest is 6", () => {
  assert.deepEqual(
    migrations.map((step) => step.version),
    migrations.map((_, index) => index + 1),
  );
  assert.equal(LATEST_SCHEMA_VERSION, 6);
});

test("a new database goes from scratch to the latest schema, without a backup", async () => {
  const { file, backupDir } = freshPaths();
  const result = await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, appVersion: "9.9.9" }));
  assert.deepEqual(result, { from: 0, to: LATEST_SCHEMA_VERSION });
  assert.equal(fs.existsSync(backupDir), false);
  withDatabase(file, (db) => {
    assert.equal(readUserVersion(db), LATEST_SCHEMA_VERSION);
    assert.deepEqual(names(db, "table"), ["audit_log", "cost_basis", "meta", "usage", "usage_daily"]);
    assert.deepEqual(names(db, "index"), [
      "audit_log_action_at",
      "audit_log_actor_at",
      "audit_log_at",
      "usage_account_started_at",
      "usage_api_key_started_at",
      "usage_daily_account",
      "usage_daily_api_key",
      "usage_logged_started_at",
      "usage_model_started_at",
      "usage_operation_started_at",
      "usage_provider_started_at",
      "usage_session_started_at",
      "usage_started_at",
      "usage_status_started_at",
      "usage_upstream_model_started_at",
    ]);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'created_by_version'").get()?.value, "9.9.9");
    assert.throws(() => insertUsage(db, "bad-status", "weird"), /CHECK constraint/);
  });
});

test("upgrade from v1 keeps the rows and backs them up first", async () => {
  const { file, backupDir } = freshPaths();
  const firstRun = await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 1 }));
  assert.deepEqual(firstRun, { from: 0, to: 1 });
  withDatabase(file, (db) => {
    assert.deepEqual(names(db, "table"), ["usage"]);
    insertUsage(db, "request-1", "ok");
    insertUsage(db, "request-2", "error");
    insertUsage(db, "request-3", "aborted");
  });

  const upgrade = await withDatabaseAsync(file, (db) =>
    migrateSqlite(db, { file, backupDir, now: () => new Date("2025-06-01T10:20:30.456Z") }),
  );
  assert.equal(upgrade.from, 1);
  assert.equal(upgrade.to, LATEST_SCHEMA_VERSION);
  assert.equal(upgrade.backupFile, path.join(backupDir, "omniroute-v1-2025-06-01T10-20-30-456Z.sqlite"));

  withDatabase(file, (db) => {
    assert.equal(readUserVersion(db), LATEST_SCHEMA_VERSION);
    assert.deepEqual(
      db.prepare("SELECT request_id, status FROM usage ORDER BY request_id").all().map((row) => ({ ...row })),
      [
        { request_id: "request-1", status: "ok" },
        { request_id: "request-2", status: "error" },
        { request_id: "request-3", status: "aborted" },
      ],
    );
    assert.match(
      String(db.prepare("SELECT value FROM meta WHERE key = 'created_by_version'").get()?.value),
      /unknown/,
    );
  });

  assert.ok(upgrade.backupFile && fs.existsSync(upgrade.backupFile));
  withDatabase(upgrade.backupFile, (backup) => {
    assert.equal(readUserVersion(backup), 1, "the backup is the database as it was before the upgrade");
    assert.equal(Number(backup.prepare("SELECT count(*) AS total FROM usage").get()?.total), 3);
    assert.deepEqual(names(backup, "table"), ["usage"]);
  });

  const again = await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir }));
  assert.deepEqual(again, { from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION }, "nothing pending: no backup");
  assert.equal(fs.readdirSync(backupDir).length, 1);
});

test("v4 → v5: the request log's own table goes, its locations move onto the usage rows", async () => {
  const { file, backupDir } = freshPaths();
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 4 }));
  withDatabase(file, (db) => {
    assert.ok(names(db, "table").includes("request_log"));
    insertUsage(db, "before-v5", "ok");
  });
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir }));
  withDatabase(file, (db) => {
    assert.ok(!names(db, "table").includes("request_log"));
    const row = db.prepare("SELECT request_id, log_file, log_offset, log_bytes, log_bodies FROM usage").get();
    assert.deepEqual({ ...row }, { request_id: "before-v5", log_file: null, log_offset: null, log_bytes: null, log_bodies: null });
  });
});

test("v5 → v6: rows learn their operation from the endpoint, rollups gain operation in their key", async () => {
  const { file, backupDir } = freshPaths();
  const DAY = 86_400_000;
  const day = (n: number) => Date.UTC(2026, 10, n);
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 5 }));
  withDatabase(file, (db) => {
    const insert = db.prepare("INSERT INTO usage (request_id, started_at, endpoint, status) VALUES (?, ?, ?, 'ok')");
    insert.run("chat", day(20), "/v1/chat/completions");
    insert.run("embed", day(20), "/v1/embeddings");
    insert.run("embed-provider", day(21), "/v1/providers/openai/embeddings");
    insert.run("image", day(21), "/v1/images/generations");
    insert.run("responses", day(21), "/v1/responses");
    const daily = db.prepare(`INSERT INTO usage_daily (day_start, provider, model, account, api_key_id, api_key_name, requests, errors,
      estimated, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, latency_ms_sum)
      VALUES (?, 'openai', 'gpt-4o', 'work', 'key-1', 'ci', 3, 1, 0, 30, 20, 10, 0, 5, 0.25, 0, 900)`);
    daily.run(day(10));
    daily.run(day(20));
    // Raw rows before Nov 15 12:00 were pruned; days through Nov 21 were rolled up.
    db.prepare("INSERT INTO meta (key, value) VALUES ('usage_raw_floor', ?), ('usage_rolled_through', ?)").run(String(day(15) + DAY / 2), String(day(22)));
  });

  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir }));
  withDatabase(file, (db) => {
    assert.deepEqual(
      db.prepare("SELECT request_id, operation, image_count FROM usage ORDER BY request_id").all().map((row) => ({ ...row })),
      [
        { request_id: "chat", operation: null, image_count: null },
        { request_id: "embed", operation: "embedding", image_count: null },
        { request_id: "embed-provider", operation: "embedding", image_count: null },
        { request_id: "image", operation: "image", image_count: null },
        { request_id: "responses", operation: null, image_count: null },
      ],
    );
    assert.deepEqual(
      db.prepare("SELECT day_start, operation, requests, errors, cost_usd, latency_ms_sum, api_key_name FROM usage_daily ORDER BY day_start").all().map((row) => ({ ...row })),
      [
        { day_start: day(10), operation: "generation", requests: 3, errors: 1, cost_usd: 0.25, latency_ms_sum: 900, api_key_name: "ci" },
        { day_start: day(20), operation: "generation", requests: 3, errors: 1, cost_usd: 0.25, latency_ms_sum: 900, api_key_name: "ci" },
      ],
    );
    // Operation is part of the key: the same day, model, account and key can hold one row per operation.
    db.prepare(`INSERT INTO usage_daily SELECT day_start, provider, model, account, api_key_id, 'embedding', api_key_name, requests, errors,
      estimated, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced, latency_ms_sum
      FROM usage_daily WHERE day_start = ?`).run(day(20));
    assert.equal(Number(db.prepare("SELECT count(*) AS n FROM usage_daily WHERE day_start = ?").get(day(20))?.n), 2);
    assert.deepEqual(names(db, "index").filter((name) => name.startsWith("usage_daily")), ["usage_daily_account", "usage_daily_api_key"]);
    // Nov 20 is the first day (of those whose raw rows are all there) that had a non-generation row: it and the
    // days after it are rolled up again; the rollups before it held generations only.
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'usage_rolled_through'").get()?.value, String(day(20)));
  });
});

test("v5 → v6 keeps the rollups of a database that had generations only", async () => {
  const { file, backupDir } = freshPaths();
  const day = Date.UTC(2026, 10, 20);
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 5 }));
  withDatabase(file, (db) => {
    db.prepare("INSERT INTO usage (request_id, started_at, endpoint, status) VALUES ('chat', ?, '/v1/messages', 'ok')").run(day);
    db.prepare("INSERT INTO meta (key, value) VALUES ('usage_rolled_through', ?)").run(String(day + 86_400_000));
  });
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir }));
  withDatabase(file, (db) => {
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'usage_rolled_through'").get()?.value, String(day + 86_400_000));
  });
});

test("v5 → v6 on a database never rolled up leaves the rollup marker alone", async () => {
  const { file, backupDir } = freshPaths();
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 5 }));
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir }));
  withDatabase(file, (db) => {
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'usage_rolled_through'").get(), undefined);
    assert.equal(Number(db.prepare("SELECT count(*) AS n FROM usage_daily").get()?.n), 0);
  });
});

test("a database from a newer omniroute is refused and left untouched", async () => {
  const { file, backupDir } = freshPaths();
  withDatabase(file, (db) => db.exec("PRAGMA user_version = 99"));
  await withDatabaseAsync(file, async (db) => {
    await assert.rejects(migrateSqlite(db, { file, backupDir }), (error: unknown) => {
      assert.ok(error instanceof SqliteSchemaTooNewError);
      assert.match(error.message, /schema version 99/);
      assert.match(error.message, /newer omniroute/);
      return true;
    });
  });
  withDatabase(file, (db) => {
    assert.equal(readUserVersion(db), 99);
    assert.deepEqual(names(db, "table"), []);
  });
  assert.equal(fs.existsSync(backupDir), false);
});

test("a failing step rolls back entirely and keeps the previous version", async () => {
  const { file, backupDir } = freshPaths();
  await withDatabaseAsync(file, (db) => migrateSqlite(db, { file, backupDir, targetVersion: 1 }));
  const broken = [
    ...migrations.slice(0, 1),
    {
      version: 2,
      name: "half-done",
      up(db: SqliteDatabase) {
        db.exec("CREATE TABLE half_done (id INTEGER)");
        throw new Error("disk on fire");
      },
    },
  ];
  await withDatabaseAsync(file, async (db) => {
    await assert.rejects(
      migrateSqlite(db, { file, backupDir, migrations: broken }),
      /migration v2 \(half-done\) failed and was rolled back: disk on fire/,
    );
    assert.equal(readUserVersion(db), 1);
    assert.deepEqual(names(db, "table"), ["usage"]);
  });
});

test("targetVersion beyond the known schema is rejected", async () => {
  const { file, backupDir } = freshPaths();
  await withDatabaseAsync(file, async (db) => {
    await assert.rejects(migrateSqlite(db, { file, backupDir, targetVersion: LATEST_SCHEMA_VERSION + 1 }), RangeError);
    assert.equal(readUserVersion(db), 0);
  });
});
