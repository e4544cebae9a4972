import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { matchClientKey } from "../../../../../open-sse/src/security/client-auth";
import { createClientKeyDigester } from "../../../../../open-sse/src/security/client-key-digest";
import { buildGatewaySnapshot } from "../../config-db/build-gateway-snapshot";
import { openConfigDb } from "../../config-db/open-config-db";
import { applyConfigFile } from "../../config-file/apply-config-file";
import { ApiKeyInputError, ApiKeyNameTakenError, ApiKeyNotFoundError } from "./api-key-errors";
import { createApiKey } from "./create-api-key";
import { deleteApiKey } from "./delete-api-key";
import { listApiKeys } from "./list-api-keys";
import { updateApiKey } from "./update-api-key";

const root = mkdtempSync(join(tmpdir(), "omniroute-api-keys-"));
after(() => rmSync(root, { recursive: true, force: true }));
const apiKeySecret = randomBytes(32);
const storageKey = randomBytes(32);
const digestClientKey = createClientKeyDigester(apiKeySecret);

async function setup() {
  const dataDir = mkdtempSync(join(root, "data-"));
  const configDb = await openConfigDb({ file: join(dataDir, "db.json"), backupsDir: join(dataDir, "backups") });
  return { configDb, digestClientKey, now: () => new Date("2026-06-01T00:00:00Z") };
}

const snapshotOf = (dependencies: Awaited<ReturnType<typeof setup>>) =>
  buildGatewaySnapshot(dependencies.configDb.read(), { storageKey, defaultRequireApiKey: true });

describe("api-keys services", () => {
  it("creates a key, returns it once, stores only prefix and HMAC, and the engine verifies it", async () => {
    const dependencies = await setup();
    const created = await createApiKey(dependencies, { name: "laptop", allowedModels: ["openai/gpt-4o", "openai/gpt-4o"] });
    assert.match(created.key, /^omr_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);
    assert.equal(created.prefix, created.key.slice(0, 12));
    assert.deepEqual(created.allowedModels, ["openai/gpt-4o"]);
    assert.equal(created.enabled, true);
    assert.equal(created.createdAt, "2026-06-01T00:00:00.000Z");

    const onDisk = readFileSync(dependencies.configDb.file, "utf8");
    assert.equal(onDisk.includes(created.key), false);
    assert.equal(onDisk.includes(created.key.slice(13)), false, "not even the secret part");

    const listed = listApiKeys(dependencies);
    assert.equal(listed.length, 1);
    assert.equal("key" in listed[0]!, false);
    assert.equal("hash" in listed[0]!, false);
    assert.equal(JSON.stringify(listed).includes(created.key), false);

    const match = matchClientKey(created.key, snapshotOf(dependencies).clientKeys, digestClientKey);
    assert.equal(match?.id, created.id);
    assert.deepEqual(match?.allowedModels, ["openai/gpt-4o"]);
  });

  it("updates name, enabled, expiry and allowlist; null clears", async () => {
    const dependencies = await setup();
    const created = await createApiKey(dependencies, { name: "ci", expiresAt: "2027-01-01T01:00:00+01:00" });
    assert.equal(created.expiresAt, "2027-01-01T00:00:00.000Z");
    const updated = await updateApiKey(dependencies, created.id, { name: "ci-2", enabled: false, allowedModels: ["stack"] });
    assert.deepEqual([updated.name, updated.enabled, updated.allowedModels, updated.expiresAt], ["ci-2", false, ["stack"], "2027-01-01T00:00:00.000Z"]);
    const cleared = await updateApiKey(dependencies, created.id, { expiresAt: null, allowedModels: null });
    assert.deepEqual([cleared.expiresAt, cleared.allowedModels], [null, null]);
    const runtime = snapshotOf(dependencies).clientKeys[0]!;
    assert.equal(runtime.enabled, false);
    assert.equal(runtime.expiresAt, null);
  });

  it("reports input problems by path, unknown ids and taken names", async () => {
    const dependencies = await setup();
    await assert.rejects(createApiKey(dependencies, { name: "" }), (error: unknown) => {
      assert.ok(error instanceof ApiKeyInputError);
      assert.match(error.problems.join("\n"), /^name: /m);
      return true;
    });
    await assert.rejects(createApiKey(dependencies, { name: "x", expiresAt: "tomorrow", allowedModels: [""] }), (error: unknown) => {
      assert.ok(error instanceof ApiKeyInputError);
      assert.match(error.problems.join("\n"), /^expiresAt: /m);
      assert.match(error.problems.join("\n"), /^allowedModels\[0\]: /m);
      return true;
    });
    await assert.rejects(createApiKey(dependencies, { name: "x", key: "chosen" }), /key: unknown key/);
    await createApiKey(dependencies, { name: "taken" });
    await assert.rejects(createApiKey(dependencies, { name: "taken" }), ApiKeyNameTakenError);
    await assert.rejects(updateApiKey(dependencies, "missing", { enabled: false }), ApiKeyNotFoundError);
    await assert.rejects(updateApiKey(dependencies, "missing", { enabled: "no" }), ApiKeyInputError);
    await assert.rejects(deleteApiKey(dependencies, "missing"), ApiKeyNotFoundError);
  });

  it("deletes a key so that the engine no longer matches it", async () => {
    const dependencies = await setup();
    const created = await createApiKey(dependencies, { name: "gone" });
    await deleteApiKey(dependencies, created.id);
    assert.deepEqual(listApiKeys(dependencies), []);
    assert.equal(matchClientKey(created.key, snapshotOf(dependencies).clientKeys, digestClientKey), undefined);
  });

  it("manages config-file keys too, which keep working with the defaults", async () => {
    const dependencies = await setup();
    await applyConfigFile(dependencies.configDb, { apiKeys: [{ name: "file", key: "omr-test-key-123" }] }, { apiKeySecret, storageKey });
    const [fileKey] = listApiKeys(dependencies);
    assert.deepEqual([fileKey?.prefix, fileKey?.enabled, fileKey?.expiresAt, fileKey?.allowedModels], ["omr-test…", true, null, null]);
    assert.equal(matchClientKey("omr-test-key-123", snapshotOf(dependencies).clientKeys, digestClientKey)?.name, "file");
    await updateApiKey(dependencies, fileKey!.id, { enabled: false });
    // Re-applying the same file at the next start leaves the dashboard's change alone.
    await applyConfigFile(dependencies.configDb, { apiKeys: [{ name: "file", key: "omr-test-key-123" }] }, { apiKeySecret, storageKey });
    assert.equal(listApiKeys(dependencies)[0]?.enabled, false);
  });
});

describe("api-keys budgets", () => {
  it("sets, shows, changes and removes a key's cost budget; rejects invalid limits by path", async () => {
    const dependencies = await setup();
    const created = await createApiKey(dependencies, { name: "budgeted", budget: { dailyUsd: 5, warnAtPercent: 80 } });
    assert.deepEqual(created.budget, { dailyUsd: 5, monthlyUsd: null, warnAtPercent: 80 });
    const changed = await updateApiKey(dependencies, created.id, { budget: { monthlyUsd: 100 } });
    assert.deepEqual(changed.budget, { dailyUsd: null, monthlyUsd: 100, warnAtPercent: null });
    assert.deepEqual(dependencies.configDb.read().apiKeys[0]?.budget, { dailyUsd: null, monthlyUsd: 100, warnAtPercent: null });
    const removed = await updateApiKey(dependencies, created.id, { budget: null });
    assert.equal(removed.budget, null);
    assert.equal("budget" in dependencies.configDb.read().apiKeys[0]!, false);
    await assert.rejects(updateApiKey(dependencies, created.id, { budget: { dailyUsd: 0, warnAtPercent: 150, extra: 1 } }), (error: unknown) => {
      assert.ok(error instanceof ApiKeyInputError);
      assert.match(error.problems.join("\n"), /^budget\.dailyUsd: /m);
      assert.match(error.problems.join("\n"), /^budget\.warnAtPercent: /m);
      assert.match(error.problems.join("\n"), /^budget\.extra: unknown key/m);
      return true;
    });
    assert.equal((await createApiKey(dependencies, { name: "plain" })).budget, null);
  });
});
