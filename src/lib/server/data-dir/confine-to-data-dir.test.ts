import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { confineToDataDir, PathOutsideDataDirError } from "./confine-to-data-dir";

describe("confineToDataDir", () => {
  let workDir: string;
  let dataDir: string;
  let outside: string;

  before(() => {
    workDir = realpathSync(mkdtempSync(join(tmpdir(), "confine-")));
    dataDir = join(workDir, "data");
    outside = join(workDir, "outside");
    mkdirSync(join(dataDir, "logs"), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(dataDir, "logs", "omniroute-2026-01-01.log"), "{}\n");
    writeFileSync(join(outside, "secret.txt"), "secret");
    symlinkSync(outside, join(dataDir, "escape"));
    symlinkSync(join(outside, "secret.txt"), join(dataDir, "logs", "link.log"));
    symlinkSync(join(outside, "missing.txt"), join(dataDir, "dangling"));
    symlinkSync(join(dataDir, "logs"), join(dataDir, "logs-alias"));
  });
  after(() => rmSync(workDir, { recursive: true, force: true }));

  it("resolves paths inside the data dir, existing or not", () => {
    assert.equal(confineToDataDir(dataDir, "logs/omniroute-2026-01-01.log"), join(dataDir, "logs", "omniroute-2026-01-01.log"));
    assert.equal(confineToDataDir(dataDir, "backups/new.json"), join(dataDir, "backups", "new.json"));
    assert.equal(confineToDataDir(dataDir, "logs-alias/omniroute-2026-01-01.log"), join(dataDir, "logs-alias", "omniroute-2026-01-01.log"));
  });

  const refused: [string, string][] = [
    ["traversal", "../outside/secret.txt"],
    ["traversal in the middle", "logs/../../outside/secret.txt"],
    ["backslash traversal", "logs\\..\\..\\outside"],
    ["bare parent", ".."],
    ["absolute POSIX path", "/etc/passwd"],
    ["Windows drive path", "C:\\Windows\\win.ini"],
    ["UNC path", "\\\\server\\share"],
    ["encoded traversal", "%2e%2e%2foutside%2fsecret.txt"],
    ["encoded traversal, upper case", "logs/%2E%2E/%2E%2E/etc"],
    ["encoded absolute path", "%2fetc%2fpasswd"],
    ["NUL byte", "logs/a.log\0.txt"],
    ["encoded NUL byte", "logs/a.log%00.txt"],
    ["malformed encoding", "logs/%zz"],
    ["empty", ""],
    ["symlinked directory leading out", "escape/secret.txt"],
    ["symlinked file leading out", "logs/link.log"],
    ["dangling symlink", "dangling"],
  ];
  for (const [name, path] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(() => confineToDataDir(dataDir, path), PathOutsideDataDirError);
    });
  }

  it("does not name the resolved path in the error", () => {
    assert.throws(
      () => confineToDataDir(dataDir, "escape/secret.txt"),
      (error: Error) => !error.message.includes(workDir),
    );
  });
});
