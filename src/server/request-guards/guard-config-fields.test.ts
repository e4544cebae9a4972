import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openConfigDb } from "../../lib/server/config-db/open-config-db";
import { applyConfigFile } from "../../lib/server/config-file/apply-config-file";
import { configFileSchema } from "../../lib/server/config-file/config-file-schema";

const root = mkdtempSync(join(tmpdir(), "omniroute-guard-config-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("server.allowedHosts and server.cors in the config file", () => {
  it("validates names and origins", () => {
    assert.equal(configFileSchema.safeParse({ server: { allowedHosts: ["omni.lan", "10.0.0.5", "[::1]"], cors: { origins: ["*", "https://app.example:8443"] } } }).success, true);
    for (const allowedHosts of [["http://omni.lan"], ["omni.lan:8080"], ["omni.lan/x"], [""]]) {
      assert.equal(configFileSchema.safeParse({ server: { allowedHosts } }).success, false, JSON.stringify(allowedHosts));
    }
    for (const origins of [["app.example"], ["https://app.example/path"], ["ftp://x"]]) {
      assert.equal(configFileSchema.safeParse({ server: { cors: { origins } } }).success, false, JSON.stringify(origins));
    }
  });

  it("persists both into settings; absent fields leave stored values alone", async () => {
    const dataDir = mkdtempSync(join(root, "data-"));
    const db = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
    const secrets = { apiKeySecret: randomBytes(32), storageKey: randomBytes(32) };
    await applyConfigFile(db, { server: { allowedHosts: ["omni.lan"], cors: { origins: ["https://app.example"] } } }, secrets);
    assert.deepEqual(db.read().settings.allowedHosts, ["omni.lan"]);
    assert.deepEqual(db.read().settings.cors, { origins: ["https://app.example"] });
    await applyConfigFile(db, { server: { port: 1234 } }, secrets);
    assert.deepEqual(db.read().settings.allowedHosts, ["omni.lan"]);
  });
});
