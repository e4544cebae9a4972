import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DataDirError, prepareDataDir, resolveDataDir } from "./resolve-data-dir";

const home = "/home/someone";

describe("resolveDataDir", () => {
  it("prefers --data-dir over everything", () => {
    const dir = resolveDataDir({ cliDataDir: "/cli", env: { DATA_DIR: "/env", XDG_CONFIG_HOME: "/xdg" }, homeDir: home });
    assert.equal(dir, "/cli");
  });

  it("uses DATA_DIR over XDG_CONFIG_HOME", () => {
    assert.equal(resolveDataDir({ env: { DATA_DIR: "/env", XDG_CONFIG_HOME: "/xdg" }, homeDir: home }), "/env");
  });

  it("uses $XDG_CONFIG_HOME/omniroute when set", () => {
    assert.equal(resolveDataDir({ env: { XDG_CONFIG_HOME: "/xdg" }, homeDir: home }), "/xdg/omniroute");
  });

  it("falls back to ~/.omniroute, ignoring empty values", () => {
    assert.equal(resolveDataDir({ cliDataDir: "", env: { DATA_DIR: " ", XDG_CONFIG_HOME: "" }, homeDir: home }), "/home/someone/.omniroute");
  });

  it("expands ~ and makes relative paths absolute", () => {
    assert.equal(resolveDataDir({ env: { DATA_DIR: "~/data" }, homeDir: home }), "/home/someone/data");
    assert.equal(resolveDataDir({ cliDataDir: "rel", env: {}, homeDir: home }), join(process.cwd(), "rel"));
  });
});

describe("prepareDataDir", () => {
  const root = mkdtempSync(join(tmpdir(), "omniroute-data-dir-"));
  after(() => {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  it("creates the layout with private permissions and returns the paths", () => {
    const paths = prepareDataDir(join(root, "fresh", "nested"));
    assert.equal(paths.configDbFile, join(root, "fresh", "nested", "db.json"));
    assert.equal(paths.sqliteFile, join(root, "fresh", "nested", "omniroute.sqlite"));
    for (const directory of [paths.dataDir, paths.logsDir, paths.secretsDir, paths.backupsDir]) {
      assert.ok(statSync(directory).isDirectory(), directory);
    }
    assert.equal(statSync(paths.secretsDir).mode & 0o777, 0o700);
    assert.equal(statSync(paths.dataDir).mode & 0o077, 0);
    assert.deepEqual(prepareDataDir(paths.dataDir), paths, "idempotent");
  });

  it("tightens a pre-existing loose secrets directory", () => {
    const paths = prepareDataDir(join(root, "loose"));
    chmodSync(paths.secretsDir, 0o755);
    prepareDataDir(paths.dataDir);
    assert.equal(statSync(paths.secretsDir).mode & 0o777, 0o700);
  });

  it("names the path and the reason when the directory is a file", () => {
    const file = join(root, "a-file");
    writeFileSync(file, "");
    assert.throws(() => prepareDataDir(file), (error: Error) => {
      assert.ok(error instanceof DataDirError);
      assert.match(error.message, new RegExp(`${file}.*(not a directory|EEXIST|ENOTDIR)`));
      return true;
    });
  });

  it("names the path and the reason when it cannot be written", { skip: process.getuid?.() === 0 ? "root bypasses permissions" : false }, () => {
    const locked = join(root, "locked");
    prepareDataDir(locked);
    chmodSync(locked, 0o500);
    try {
      assert.throws(() => prepareDataDir(locked), /locked.*(permission denied|not writable)/);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
