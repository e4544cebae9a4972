import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import { loadOrCreateSecret, SecretFileError } from "./load-or-create-secret";

describe("loadOrCreateSecret", () => {
  const root = mkdtempSync(join(tmpdir(), "omniroute-secrets-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("generates 32 bytes once, persists them as hex with mode 0600, and reuses them", () => {
    const secretsDir = mkdtempSync(join(root, "gen-"));
    const first = loadOrCreateSecret({ secretsDir, name: "storage-key" });
    assert.equal(first.length, 32);
    const file = join(secretsDir, "storage-key");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, "utf8").trim(), first.toString("hex"));
    assert.deepEqual(loadOrCreateSecret({ secretsDir, name: "storage-key" }), first);
    assert.deepEqual(readdirSync(secretsDir), ["storage-key"], "no temp files left");
  });

  it("keeps different names apart", () => {
    const secretsDir = mkdtempSync(join(root, "names-"));
    const storageKey = loadOrCreateSecret({ secretsDir, name: "storage-key" });
    const apiKeySecret = loadOrCreateSecret({ secretsDir, name: "api-key-secret" });
    assert.notDeepEqual(storageKey, apiKeySecret);
  });

  it("takes a 64-hex env value as the raw key and derives one from anything else, writing nothing", () => {
    const secretsDir = mkdtempSync(join(root, "env-"));
    const hex = "ab".repeat(32);
    assert.deepEqual(loadOrCreateSecret({ secretsDir, name: "storage-key", envValue: hex }), Buffer.from(hex, "hex"));
    assert.deepEqual(
      loadOrCreateSecret({ secretsDir, name: "storage-key", envValue: "correct horse" }),
      createHash("sha256").update("correct horse").digest(),
    );
    assert.deepEqual(readdirSync(secretsDir), []);
  });

  it("prefers the env value over an existing file", () => {
    const secretsDir = mkdtempSync(join(root, "env-over-file-"));
    const persisted = loadOrCreateSecret({ secretsDir, name: "api-key-secret" });
    const fromEnv = loadOrCreateSecret({ secretsDir, name: "api-key-secret", envValue: "x" });
    assert.notDeepEqual(fromEnv, persisted);
  });

  it("refuses a damaged secret file instead of replacing it", () => {
    const secretsDir = mkdtempSync(join(root, "damaged-"));
    const file = join(secretsDir, "storage-key");
    writeFileSync(file, "not-hex");
    assert.throws(() => loadOrCreateSecret({ secretsDir, name: "storage-key" }), (error: Error) => {
      assert.ok(error instanceof SecretFileError);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.equal(readFileSync(file, "utf8"), "not-hex");
  });

  it("agrees on one secret when several processes start at once", async () => {
    const secretsDir = mkdtempSync(join(root, "race-"));
    const module = new URL("./load-or-create-secret.ts", import.meta.url).href;
    const script = `import { loadOrCreateSecret } from ${JSON.stringify(module)};
      process.stdout.write(loadOrCreateSecret({ secretsDir: ${JSON.stringify(secretsDir)}, name: "storage-key" }).toString("hex"));`;
    const run = () => promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    const outputs = await Promise.all(Array.from({ length: 6 }, run));
    const values = new Set(outputs.map((output) => output.stdout));
    assert.equal(values.size, 1);
    assert.equal(readFileSync(join(secretsDir, "storage-key"), "utf8").trim(), [...values][0]);
    assert.deepEqual(readdirSync(secretsDir), ["storage-key"]);
  });
});
