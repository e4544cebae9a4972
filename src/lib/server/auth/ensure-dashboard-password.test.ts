import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyConfigDocument, type ConfigDocument } from "../config-db/config-db-schema";
import { ensureDashboardPassword } from "./ensure-dashboard-password";
import { verifyPassword } from "./hash-password";

function memoryConfigDb(initial: ConfigDocument = emptyConfigDocument()) {
  let document = initial;
  return {
    read: () => document,
    update: async (mutator: (draft: ConfigDocument) => void) => {
      const draft = structuredClone(document);
      mutator(draft);
      document = draft;
    },
  };
}

describe("ensureDashboardPassword", () => {
  it("generates a password once, stores only its hash, and returns it", async () => {
    const configDb = memoryConfigDb();
    const first = await ensureDashboardPassword({ configDb, env: {} });
    assert.ok(first.generated);
    assert.match(first.generated, /^[A-Za-z0-9_-]{20,}$/);
    const stored = configDb.read().auth!;
    assert.ok(!JSON.stringify(configDb.read()).includes(first.generated));
    assert.equal(await verifyPassword(first.generated, stored.passwordHash!), true);
    assert.equal(stored.requireLogin, true);
    const second = await ensureDashboardPassword({ configDb, env: { INITIAL_PASSWORD: "ignored-now-123" } });
    assert.deepEqual(second, {});
    assert.equal(configDb.read().auth!.passwordHash, stored.passwordHash);
  });

  it("uses INITIAL_PASSWORD when set and returns nothing to print", async () => {
    const configDb = memoryConfigDb();
    const result = await ensureDashboardPassword({ configDb, env: { INITIAL_PASSWORD: "my-initial-secret" } });
    assert.deepEqual(result, {});
    assert.equal(await verifyPassword("my-initial-secret", configDb.read().auth!.passwordHash!), true);
    assert.ok(!JSON.stringify(configDb.read()).includes("my-initial-secret"));
  });
});
