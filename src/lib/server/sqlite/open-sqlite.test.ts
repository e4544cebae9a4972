import { after, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BREAK_BETTER_SQLITE3_ENV, openSqlite } from "./open-sqlite";
import { SqliteUnavailableError } from "./sqlite-unavailable-error";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniroute-open-sqlite-"));
after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

/** node:sqlite works without a flag from Node 22.13 (and 23.4). */
function nodeHasBuiltInSqlite(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major >= 24 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
}

test("opens in WAL mode with the agreed pragmas, owner-only", () => {
  const file = path.join(tempDir, "nested", "wal.sqlite");
  const db = openSqlite(file);
  try {
    assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
    assert.equal(Number(db.prepare("PRAGMA synchronous").get()?.synchronous), 1, "NORMAL is 1");
    assert.equal(Number(db.prepare("PRAGMA busy_timeout").get()?.timeout), 5000);
    assert.equal(Number(db.prepare("PRAGMA foreign_keys").get()?.foreign_keys), 1);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    console.log(`# driver: ${db.driver} on Node ${process.versions.node}`);
  } finally {
    db.close();
  }
});

test("tightens the mode of an existing file", () => {
  const file = path.join(tempDir, "loose.sqlite");
  fs.writeFileSync(file, "", { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  openSqlite(file).close();
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test("transaction commits, rolls back on throw, nests, and refuses async functions", () => {
  const db = openSqlite(path.join(tempDir, "transaction.sqlite"));
  try {
    db.exec("CREATE TABLE items (name TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO items (name) VALUES (?)");
    const count = () => Number(db.prepare("SELECT count(*) AS total FROM items").get()?.total);

    db.transaction((name: string) => insert.run(name))("committed");
    assert.equal(count(), 1);

    const failing = db.transaction(() => {
      insert.run("rolled back");
      throw new Error("boom");
    });
    assert.throws(() => failing(), /boom/);
    assert.equal(count(), 1);

    const inner = db.transaction(() => {
      insert.run("inner");
      throw new Error("inner fails");
    });
    db.transaction(() => {
      insert.run("outer");
      assert.throws(() => inner(), /inner fails/);
    })();
    assert.deepEqual(
      db.prepare("SELECT name FROM items ORDER BY rowid").all().map((row) => row.name),
      ["committed", "outer"],
    );

    assert.throws(() => db.transaction(async () => insert.run("async"))(), /promise/);
    assert.equal(count(), 2);
  } finally {
    db.close();
  }
});

test("backupTo writes a consistent, owner-only copy and never overwrites", async () => {
  const db = openSqlite(path.join(tempDir, "source.sqlite"));
  const backupFile = path.join(tempDir, "backups", "copy.sqlite");
  try {
    db.exec("CREATE TABLE items (name TEXT); INSERT INTO items VALUES ('a'), ('b');");
    await db.backupTo(backupFile);
    assert.equal(fs.statSync(backupFile).mode & 0o777, 0o600);
    await assert.rejects(db.backupTo(backupFile), /EEXIST/);
  } finally {
    db.close();
  }
  const copy = openSqlite(backupFile);
  try {
    assert.equal(Number(copy.prepare("SELECT count(*) AS total FROM items").get()?.total), 2);
  } finally {
    copy.close();
  }
});

test(`without better-sqlite3: ${nodeHasBuiltInSqlite() ? "falls back to node:sqlite" : "explains the fix"}`, () => {
  process.env[BREAK_BETTER_SQLITE3_ENV] = "1";
  try {
    const file = path.join(tempDir, "fallback.sqlite");
    if (nodeHasBuiltInSqlite()) {
      const db = openSqlite(file);
      try {
        assert.equal(db.driver, "node:sqlite");
        assert.equal(db.prepare("PRAGMA journal_mode").get()?.journal_mode, "wal");
        db.exec("CREATE TABLE items (name TEXT)");
        db.prepare("INSERT INTO items VALUES (?)").run("works");
        assert.equal(db.prepare("SELECT name FROM items").get()?.name, "works");
      } finally {
        db.close();
      }
    } else {
      assert.throws(
        () => openSqlite(file),
        (error: unknown) => {
          assert.ok(error instanceof SqliteUnavailableError);
          assert.match(error.message, /better-sqlite3 failed to load \(Could not locate the bindings file/);
          assert.match(error.message, /npm rebuild better-sqlite3/);
          assert.match(error.message, /python3, make and g\+\+/);
          assert.match(error.message, /Node >= 22\.13/);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    }
  } finally {
    delete process.env[BREAK_BETTER_SQLITE3_ENV];
  }
});

test("uses better-sqlite3 when it loads", (context) => {
  const db = openSqlite(path.join(tempDir, "driver.sqlite"));
  try {
    // Under a Node whose ABI the installed native build does not match, the fallback is the correct outcome.
    if (db.driver !== "better-sqlite3") context.skip(`better-sqlite3 does not load on Node ${process.versions.node}`);
    else assert.equal(db.driver, "better-sqlite3");
  } finally {
    db.close();
  }
});
