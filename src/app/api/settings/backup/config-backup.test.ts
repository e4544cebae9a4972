import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { emptyConfigDocument, type ConfigDocument } from "@/lib/server/config-db/config-db-schema";
import { decryptSecret, encryptSecret } from "@/lib/server/secrets/encrypt-secret";
import { BackupError, createBackup, mapSecrets, restoreBackup } from "./config-backup";

const sourceKey = randomBytes(32);
const targetKey = randomBytes(32);
const passphrase = "correct horse battery staple";

function documentWithSecret(key: Buffer): ConfigDocument {
  const document = emptyConfigDocument();
  const raw = {
    ...document,
    providers: [
      {
        id: "openai",
        type: "built-in",
        apiFormat: "openai-chat",
        displayName: "OpenAI",
        baseUrl: null,
        models: [],
        strategy: "priority",
        enabled: true,
        customModels: [],
        accounts: [
          { id: "main", name: "main", apiKeyEncrypted: encryptSecret("sk-live-secret", key), baseUrl: null, priority: 1, enabled: true, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" },
        ],
      },
    ],
    apiKeys: [{ id: "k1", name: "laptop", hash: "a".repeat(64), prefix: "omr_abc", createdAt: "2026-01-01T00:00:00.000Z", enabled: true, expiresAt: null, allowedModels: null, lastUsedAt: null, logRequestContent: true }],
    auth: { passwordHash: "scrypt$source", requireLogin: true, passwordChangedAt: null },
  };
  return raw as unknown as ConfigDocument;
}

describe("config backup", () => {
  // A cheap scrypt cost keeps the file fast; restore reads the cost from the backup like it would the real one.
  const backup = createBackup({ document: documentWithSecret(sourceKey), storageKey: sourceKey, passphrase, apiKeySecretFingerprint: "fp-1", appVersion: "0.1.0", cost: { N: 2 ** 10, r: 8, p: 1 } });

  it("holds no plain secret and none readable with the source storage key", () => {
    const text = JSON.stringify(backup);
    assert.ok(!text.includes("sk-live-secret"));
    const encrypted = (backup.document.providers as { accounts: { apiKeyEncrypted: string }[] }[])[0]!.accounts[0]!.apiKeyEncrypted;
    assert.throws(() => decryptSecret(encrypted, sourceKey));
  });

  it("restores under another storage key, keeping the current login and, with another API key secret, the current keys", () => {
    const current = { ...emptyConfigDocument(), auth: { passwordHash: "scrypt$target", requireLogin: true, passwordChangedAt: null } } as ConfigDocument;
    const plan = restoreBackup({ backup: JSON.parse(JSON.stringify(backup)), passphrase, storageKey: targetKey, apiKeySecretFingerprint: "fp-2", current });
    const account = plan.document.providers[0]!.accounts[0]!;
    assert.equal(decryptSecret(account.apiKeyEncrypted!, targetKey), "sk-live-secret");
    assert.equal(plan.document.auth?.passwordHash, "scrypt$target");
    assert.equal(plan.areClientKeysRestored, false);
    assert.deepEqual(plan.document.apiKeys, []);
    assert.deepEqual(plan.counts, { providers: 1, accounts: 1, combos: 0, clientKeys: 0 });
  });

  it("restores client keys when the API key secret is the same", () => {
    const plan = restoreBackup({ backup, passphrase, storageKey: targetKey, apiKeySecretFingerprint: "fp-1", current: emptyConfigDocument() });
    assert.equal(plan.areClientKeysRestored, true);
    assert.equal(plan.document.apiKeys[0]?.name, "laptop");
  });

  it("refuses a wrong passphrase and a file that is not a backup", () => {
    assert.throws(() => restoreBackup({ backup, passphrase: "wrong passphrase!!", storageKey: targetKey, apiKeySecretFingerprint: "fp-1", current: emptyConfigDocument() }), (error) => error instanceof BackupError && /Wrong passphrase/.test(error.message));
    assert.throws(() => restoreBackup({ backup: { hello: 1 }, passphrase, storageKey: targetKey, apiKeySecretFingerprint: "fp-1", current: emptyConfigDocument() }), BackupError);
  });

  it("maps every enc:v1 string, however deep", () => {
    const mapped = mapSecrets({ a: ["enc:v1:x", { b: "enc:v1:y", c: "plain" }] }, (value) => value.toUpperCase());
    assert.deepEqual(mapped, { a: ["ENC:V1:X", { b: "ENC:V1:Y", c: "plain" }] });
  });
});
