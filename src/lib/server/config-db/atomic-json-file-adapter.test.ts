import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { AtomicJsonFileAdapter, removeStaleTempFiles } from "./atomic-json-file-adapter";

describe("AtomicJsonFileAdapter", () => {
  const root = mkdtempSync(join(tmpdir(), "omniroute-atomic-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("reads null for a missing file", async () => {
    assert.equal(await new AtomicJsonFileAdapter(join(root, "missing.json")).read(), null);
  });

  it("writes the document with mode 0600, leaves no temp files, and reads it back", async () => {
    const directory = mkdtempSync(join(root, "write-"));
    const file = join(directory, "db.json");
    const adapter = new AtomicJsonFileAdapter<{ n: number }>(file);
    await adapter.write({ n: 1 });
    await adapter.write({ n: 2 });
    assert.deepEqual(await adapter.read(), { n: 2 });
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { n: 2 });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(directory), ["db.json"]);
  });

  it("replaces a pre-existing world-readable file with a 0600 one", async () => {
    const directory = mkdtempSync(join(root, "loose-"));
    const file = join(directory, "db.json");
    writeFileSync(file, "{}", { mode: 0o644 });
    await new AtomicJsonFileAdapter(file).write({ ok: true });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("never leaves a partial file under concurrent writes", async () => {
    const directory = mkdtempSync(join(root, "concurrent-"));
    const file = join(directory, "db.json");
    const adapter = new AtomicJsonFileAdapter<{ payload: string }>(file);
    await Promise.all(Array.from({ length: 20 }, (_, index) => adapter.write({ payload: String(index).repeat(10_000) })));
    const { payload } = JSON.parse(readFileSync(file, "utf8")) as { payload: string };
    assert.equal(new Set(payload).size <= 2, true);
    assert.deepEqual(readdirSync(directory), ["db.json"]);
  });

  it("cleans up its temp file when the rename fails", async () => {
    const directory = mkdtempSync(join(root, "fail-"));
    const target = join(directory, "is-a-dir");
    mkdirSync(target);
    await assert.rejects(new AtomicJsonFileAdapter(target).write({}));
    assert.deepEqual(readdirSync(directory).sort(), ["is-a-dir"]);
  });

  it("removes temp files left by a killed writer, keeps those of a running process and unrelated files", async () => {
    const directory = mkdtempSync(join(root, "stale-"));
    const file = join(directory, "db.json");
    writeFileSync(file, "{}");
    // A pid far above any pid_max: no such process.
    const stale = ".db.json.2147483646.a1b2c3d4e5f6.tmp";
    const ownEarlierIncarnation = `.db.json.${process.pid}.0011223344aa.tmp`;
    const running = `.db.json.${process.ppid}.ffeeddccbbaa.tmp`;
    for (const name of [stale, ownEarlierIncarnation, running, ".other.json.2147483646.a1b2c3d4e5f6.tmp", "notes.tmp"]) {
      writeFileSync(join(directory, name), "{");
    }
    assert.deepEqual((await removeStaleTempFiles(file)).sort(), [ownEarlierIncarnation, stale].sort());
    assert.deepEqual(readdirSync(directory).sort(), [".other.json.2147483646.a1b2c3d4e5f6.tmp", running, "db.json", "notes.tmp"].sort());
  });
});
