import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createClientKeyDigester } from "../../../../../open-sse/src/security/client-key-digest";
import { openConfigDb } from "../../config-db/open-config-db";
import { createApiKey } from "./create-api-key";
import { createKeyUseRecorder } from "./record-key-use";

const root = mkdtempSync(join(tmpdir(), "omniroute-key-use-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("createKeyUseRecorder", () => {
  it("writes lastUsedAt at most once per key per interval, in one batched update", async () => {
    const configDb = await openConfigDb({ file: join(root, "db.json"), backupsDir: join(root, "backups") });
    const dependencies = { configDb, digestClientKey: createClientKeyDigester(randomBytes(32)) };
    const first = await createApiKey(dependencies, { name: "a" });
    const second = await createApiKey(dependencies, { name: "b" });
    let clock = Date.parse("2026-06-01T00:00:00Z");
    let updates = 0;
    const counted = { ...configDb, update: (mutator: Parameters<typeof configDb.update>[0]) => (updates++, configDb.update(mutator)) };
    const recorder = createKeyUseRecorder({ configDb: counted, intervalMs: 300_000, batchDelayMs: 60_000, now: () => clock });

    recorder.onClientKeyUsed(first.id);
    recorder.onClientKeyUsed(second.id);
    recorder.onClientKeyUsed(first.id);
    assert.equal(updates, 0, "nothing is written on the caller's path");
    await recorder.flush();
    assert.equal(updates, 1);
    const lastUsed = () => configDb.read().apiKeys.map((key) => key.lastUsedAt);
    assert.deepEqual(lastUsed(), ["2026-06-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z"]);

    clock += 60_000;
    recorder.onClientKeyUsed(first.id);
    await recorder.flush();
    assert.equal(updates, 1, "within the interval: not written again");

    clock += 300_000;
    recorder.onClientKeyUsed(first.id);
    recorder.onClientKeyUsed("deleted-key-id");
    await recorder.close();
    assert.equal(updates, 2);
    assert.deepEqual(lastUsed(), ["2026-06-01T00:06:00.000Z", "2026-06-01T00:00:00.000Z"]);
  });
});
