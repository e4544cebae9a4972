import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkSqliteHealth } from "./check-sqlite-health";
import { migrateSqlite } from "./migrate-sqlite";
import { openSqlite } from "./open-sqlite";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-health-"));
after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

test("a migrated database passes write and read, and the probe is really stored", async () => {
  const file = path.join(tempDir, "healthy.sqlite");
  const db = openSqlite(file);
  try {
    await migrateSqlite(db, { file, backupDir: path.join(tempDir, "backups") });
    assert.deepEqual(checkSqliteHealth(db), [
      { name: "sqlite.write", ok: true },
      { name: "sqlite.read", ok: true },
    ]);
    const first = db.prepare("SELECT value FROM meta WHERE key = 'health_probe'").get()?.value;
    checkSqliteHealth(db);
    const second = db.prepare("SELECT value FROM meta WHERE key = 'health_probe'").get()?.value;
    assert.equal(typeof first, "string");
    assert.notEqual(first, second, "each check writes a fresh value (upsert, not insert-once)");
    assert.equal(Number(db.prepare("SELECT count(*) AS total FROM meta WHERE key = 'health_probe'").get()?.total), 1);
  } finally {
    db.close();
  }
});

test("an unmigrated database fails the write but still reads", () => {
  const db = openSqlite(path.join(tempDir, "empty.sqlite"));
  try {
    const [write, read] = checkSqliteHealth(db);
    assert.equal(write?.name, "sqlite.write");
    assert.equal(write?.ok, false);
    assert.match(write?.detail ?? "", /no such table: meta/);
    assert.deepEqual(read, { name: "sqlite.read", ok: true });
  } finally {
    db.close();
  }
});

test("a closed database reports both checks as failed instead of throwing", () => {
  const db = openSqlite(path.join(tempDir, "closed.sqlite"));
  db.close();
  const checks = checkSqliteHealth(db);
  assert.deepEqual(
    checks.map((check) => [check.name, check.ok]),
    [
      ["sqlite.write", false],
      ["sqlite.read", false],
    ],
  );
  assert.ok(checks.every((check) => typeof check.detail === "string" && check.detail.length > 0));
});

test("under an external write lock the write check fails within a fraction of a second and busy_timeout is restored", async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-health-lock-"));
  const file = path.join(directory, "x.sqlite");
  const db = openSqlite(file);
  const other = openSqlite(file);
  try {
    await migrateSqlite(db, { file, backupDir: directory });
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    const checks = checkSqliteHealth(db);
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
    assert.equal(checks.find((check) => check.name === "sqlite.write")?.ok, false);
    assert.equal(Number(db.prepare("PRAGMA busy_timeout").get()?.timeout), 5000);
    other.exec("ROLLBACK");
    assert.ok(checkSqliteHealth(db).every((check) => check.ok));
  } finally {
    other.close();
    db.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
