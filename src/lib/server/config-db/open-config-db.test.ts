import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigDbNewerVersionError } from "./config-db-migrations";
import { CONFIG_SCHEMA_VERSION, emptyConfigDocument } from "./config-db-schema";
import { ConfigDbCorruptError, ConfigDbValidationError, openConfigDb } from "./open-config-db";

const root = mkdtempSync(join(tmpdir(), "omniroute-config-db-"));
after(() => rmSync(root, { recursive: true, force: true }));

function freshDir() {
  const dataDir = mkdtempSync(join(root, "data-"));
  return { dataDir, file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") };
}

describe("openConfigDb", () => {
  it("creates a missing file with the empty document, mode 0600", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    assert.deepEqual(db.read(), emptyConfigDocument());
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), emptyConfigDocument());
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("persists updates atomically, notifies listeners and reopens with the same content", async () => {
    const { dataDir, file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    const seen: number[] = [];
    db.onChange((document) => seen.push(document.settings.maxBodyBytes));
    await db.update((draft) => {
      draft.settings.maxBodyBytes = 1234;
      draft.combos.push({ name: "stack", models: ["openai/gpt-4o"] });
    });
    assert.deepEqual(seen, [1234]);
    assert.equal(db.read().settings.maxBodyBytes, 1234);
    assert.deepEqual(readdirSync(dataDir).sort(), ["db.json"], "no temp files left beside db.json");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const reopened = await openConfigDb({ file, backupsDir });
    assert.deepEqual(reopened.read(), db.read());
  });

  it("returns a frozen document so callers cannot bypass update", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    assert.throws(() => {
      (db.read().settings as { maxBodyBytes: number }).maxBodyBytes = 1;
    }, TypeError);
  });

  it("does not write or notify when an update changes nothing", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    const before = statSync(file).mtimeMs;
    let notified = 0;
    db.onChange(() => notified++);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.update((draft) => {
      draft.settings.maxBodyBytes = draft.settings.maxBodyBytes + 0;
    });
    assert.equal(statSync(file).mtimeMs, before);
    assert.equal(notified, 0);
  });

  it("rejects an invalid update without writing it", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    const before = readFileSync(file);
    await assert.rejects(
      db.update((draft) => {
        draft.settings.maxBodyBytes = -1;
      }),
      (error: Error) => error instanceof ConfigDbValidationError && /settings\.maxBodyBytes/.test(error.message),
    );
    assert.deepEqual(readFileSync(file), before);
    assert.equal(db.read().settings.maxBodyBytes, emptyConfigDocument().settings.maxBodyBytes);
  });

  it("serialises concurrent updates in call order", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        db.update((draft) => {
          draft.combos.push({ name: `c${index}`, models: ["m"] });
        }),
      ),
    );
    assert.deepEqual(
      db.read().combos.map((combo) => combo.name),
      Array.from({ length: 25 }, (_, index) => `c${index}`),
    );
    const reopened = await openConfigDb({ file, backupsDir });
    assert.equal(reopened.read().combos.length, 25);
  });

  it("keeps going after a failed update", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    const failing = db.update(() => {
      throw new Error("boom");
    });
    const next = db.update((draft) => {
      draft.settings.allowLocalUpstreams = true;
    });
    await assert.rejects(failing, /boom/);
    await next;
    assert.equal(db.read().settings.allowLocalUpstreams, true);
  });

  for (const [label, content, problem] of [
    ["invalid JSON", '{\n  "schemaVersion": 1,\n  "settings": {\n}', /invalid JSON at line 4 column 2/],
    ["a truncated (empty) file", "", /invalid JSON: unexpected end of input/],
    ["a schema violation", JSON.stringify({ ...emptyConfigDocument(), providers: [{ id: "x" }] }), /providers\[0\]\.type: required/],
    ["a non-object", "[]", /top level is not a JSON object/],
  ] as const) {
    it(`refuses ${label} at boot, leaves it byte-identical and saves a .corrupt- copy`, async () => {
      const { dataDir, file, backupsDir } = freshDir();
      writeFileSync(file, content);
      const before = readFileSync(file);
      await assert.rejects(openConfigDb({ file, backupsDir }), (error: Error) => {
        assert.ok(error instanceof ConfigDbCorruptError, String(error));
        assert.ok(error.message.includes(file));
        assert.match(error.message, problem);
        assert.match(error.message, /left untouched/);
        assert.match(error.message, /db\.json\.corrupt-/);
        return true;
      });
      assert.deepEqual(readFileSync(file), before);
      const copies = readdirSync(dataDir).filter((name) => name.startsWith("db.json.corrupt-"));
      assert.equal(copies.length, 1);
      assert.deepEqual(readFileSync(join(dataDir, copies[0] ?? "")), before);
    });
  }

  it("refuses a newer schemaVersion, untouched and without a corrupt copy", async () => {
    const { dataDir, file, backupsDir } = freshDir();
    writeFileSync(file, JSON.stringify({ ...emptyConfigDocument(), schemaVersion: CONFIG_SCHEMA_VERSION + 1 }));
    const before = readFileSync(file);
    await assert.rejects(openConfigDb({ file, backupsDir }), (error: Error) => {
      assert.ok(error instanceof ConfigDbNewerVersionError);
      assert.ok(error.message.includes(`schemaVersion ${CONFIG_SCHEMA_VERSION + 1} is newer`), error.message);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.deepEqual(readFileSync(file), before);
    assert.deepEqual(readdirSync(dataDir), ["db.json"]);
  });

  it("migrates an older document after backing it up", async () => {
    const { file, backupsDir } = freshDir();
    const legacy = JSON.stringify({ settings: { allowLocalUpstreams: true }, combos: [{ name: "c", models: ["a/b"] }] });
    writeFileSync(file, legacy);
    const db = await openConfigDb({ file, backupsDir, now: () => new Date("2025-01-02T03:04:05.678Z") });
    assert.equal(db.read().schemaVersion, CONFIG_SCHEMA_VERSION);
    assert.equal(db.read().settings.allowLocalUpstreams, true);
    assert.equal(db.read().settings.requireApiKey, null);
    assert.deepEqual(db.read().combos, [{ name: "c", models: ["a/b"] }]);
    assert.equal(JSON.parse(readFileSync(file, "utf8")).schemaVersion, CONFIG_SCHEMA_VERSION);
    assert.deepEqual(readdirSync(backupsDir), ["db-v0-2025-01-02T03-04-05-678Z.json"]);
    assert.equal(readFileSync(join(backupsDir, "db-v0-2025-01-02T03-04-05-678Z.json"), "utf8"), legacy);
  });

  it("migrates a version 1 document: providers, accounts and keys gain their new fields, nothing else changes", async () => {
    const { file, backupsDir } = freshDir();
    const account = { id: "a1", name: "a1", apiKeyEncrypted: "enc:v1:x.y.z", baseUrl: null, priority: 0, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
    const provider = { id: "openai", type: "built-in", apiFormat: "openai-chat", displayName: "OpenAI", baseUrl: null, models: [], strategy: "round-robin", accounts: [account] };
    const apiKey = { id: "k", name: "k", hash: "0".repeat(64), prefix: "omr_x", createdAt: "2026-01-01T00:00:00Z" };
    const legacy = { ...emptyConfigDocument(), schemaVersion: 1, providers: [provider], apiKeys: [apiKey] };
    writeFileSync(file, JSON.stringify(legacy));
    const db = await openConfigDb({ file, backupsDir, now: () => new Date("2026-02-03T04:05:06.007Z") });
    const [stored] = db.read().providers;
    assert.equal(stored?.enabled, true);
    assert.deepEqual(stored?.customModels, []);
    assert.equal(stored?.accounts[0]?.enabled, true);
    assert.equal(stored?.accounts[0]?.apiKeyEncrypted, "enc:v1:x.y.z");
    assert.equal(db.read().apiKeys[0]?.logRequestContent, true);
    const onDisk = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(onDisk.schemaVersion, CONFIG_SCHEMA_VERSION);
    assert.equal(onDisk.providers[0].accounts[0].enabled, true);
    assert.deepEqual(readdirSync(backupsDir), ["db-v1-2026-02-03T04-05-06-007Z.json"]);
  });

  it("refuses an account with both or neither of an API key and an OAuth login", async () => {
    const { file, backupsDir } = freshDir();
    const db = await openConfigDb({ file, backupsDir });
    const base = { id: "a", name: "a", baseUrl: null, priority: 0, enabled: true, createdAt: "t", updatedAt: "t" };
    const oauth = { credentialsEncrypted: "enc:v1:a.b.c", identity: { email: "me@example.com" }, status: "active" as const };
    const withAccount = (account: Record<string, unknown>) =>
      db.update((draft) => {
        draft.providers.push({
          id: "openai",
          type: "built-in",
          apiFormat: "openai-chat",
          displayName: "OpenAI",
          baseUrl: null,
          models: [],
          strategy: "round-robin",
          enabled: true,
          customModels: [],
          accounts: [account as never],
        });
      });
    await assert.rejects(withAccount({ ...base }), /exactly one of apiKeyEncrypted and oauth/);
    await assert.rejects(withAccount({ ...base, apiKeyEncrypted: "enc:v1:x.y.z", oauth }), /exactly one of apiKeyEncrypted and oauth/);
    await withAccount({ ...base, oauth });
    assert.deepEqual(db.read().providers[0]?.accounts[0]?.oauth, oauth);
  });

  it("does not back up or rewrite a current document", async () => {
    const { file, backupsDir } = freshDir();
    await openConfigDb({ file, backupsDir });
    const before = statSync(file).mtimeMs;
    await openConfigDb({ file, backupsDir });
    assert.equal(statSync(file).mtimeMs, before);
    assert.throws(() => readdirSync(backupsDir), /ENOENT/);
  });
});
