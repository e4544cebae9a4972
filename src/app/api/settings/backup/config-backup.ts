import { randomBytes, scryptSync } from "node:crypto";
import { z } from "zod";
import { migrateConfigDocument, isRecord } from "@/lib/server/config-db/config-db-migrations";
import { configDocumentSchema, type ConfigDocument } from "@/lib/server/config-db/config-db-schema";
import { formatZodIssues } from "@/lib/server/config-file/format-zod-issues";
import { decryptSecret, encryptSecret, isEncryptedSecret } from "@/lib/server/secrets/encrypt-secret";

/**
 * A portable copy of db.json. Every secret in it (provider keys, OAuth tokens, proxy passwords: every `enc:v1:`
 * value) is decrypted with this installation's storage key and re-encrypted under a key derived from the user's
 * passphrase (scrypt), so the file is useless without the passphrase and can be restored on another machine with
 * another storage key. Client keys are stored as HMACs under this installation's API key secret: they are
 * restored only where that secret is the same (`apiKeySecretFingerprint` tells).
 */
export const BACKUP_FORMAT = "omniroute-config-backup";
export const BACKUP_VERSION = 1;
export const MIN_PASSPHRASE_LENGTH = 12;
const KDF = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_CHECK_PLAIN = "omniroute-backup-key-check";

export const backupFileSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  appVersion: z.string(),
  kdf: z.object({ name: z.literal("scrypt"), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string().min(16) }),
  /** A known value encrypted under the passphrase key: a wrong passphrase is detected before anything is read. */
  keyCheck: z.string(),
  /** HMAC of a fixed label under the API key secret: equal on both sides means client keys stay valid. */
  apiKeySecretFingerprint: z.string(),
  document: z.record(z.string(), z.unknown()),
});

export type BackupFile = z.infer<typeof backupFileSchema>;

export class BackupError extends Error {
  override name = "BackupError";
}

export function passphraseKey(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number } = KDF): Buffer {
  if (cost.N > 2 ** 20 || cost.r > 32 || cost.p > 16) throw new BackupError("The backup's key derivation parameters are out of range.");
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}

/** Deep copy of `value` with every `enc:v1:` string passed through `transform`. */
export function mapSecrets(value: unknown, transform: (encrypted: string) => string): unknown {
  if (isEncryptedSecret(value)) return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapSecrets(item, transform));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapSecrets(item, transform)]));
  return value;
}

export function createBackup(input: {
  document: ConfigDocument;
  storageKey: Buffer;
  passphrase: string;
  apiKeySecretFingerprint: string;
  appVersion: string;
  now?: Date;
  /** scrypt cost; tests pass a cheap one. */
  cost?: { N: number; r: number; p: number };
}): BackupFile {
  if (input.passphrase.length < MIN_PASSPHRASE_LENGTH) throw new BackupError(`passphrase: at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const salt = randomBytes(16);
  const cost = input.cost ?? KDF;
  const key = passphraseKey(input.passphrase, salt, cost);
  const document = mapSecrets(input.document, (encrypted) => encryptSecret(decryptSecret(encrypted, input.storageKey), key)) as Record<string, unknown>;
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: (input.now ?? new Date()).toISOString(),
    appVersion: input.appVersion,
    kdf: { name: "scrypt", ...cost, salt: salt.toString("base64url") },
    keyCheck: encryptSecret(KEY_CHECK_PLAIN, key),
    apiKeySecretFingerprint: input.apiKeySecretFingerprint,
    document,
  };
}

export interface RestorePlan {
  /** The document to store: secrets under this installation's storage key, migrated to the current schema. */
  document: ConfigDocument;
  /** False when the backup came from an installation with another API key secret: the current keys were kept. */
  areClientKeysRestored: boolean;
  counts: { providers: number; accounts: number; combos: number; clientKeys: number };
}

/**
 * Reads a backup made by `createBackup` into the document to store. The current dashboard login (`auth`) and IP
 * filter are kept, so a restore can neither lock the user out nor change the password they just used.
 */
export function restoreBackup(input: { backup: unknown; passphrase: string; storageKey: Buffer; apiKeySecretFingerprint: string; current: ConfigDocument }): RestorePlan {
  const parsed = backupFileSchema.safeParse(input.backup);
  if (!parsed.success) throw new BackupError(`This is not an omniroute backup file (${formatZodIssues(parsed.error.issues, input.backup).join("; ")}).`);
  const backup = parsed.data;
  const key = passphraseKey(input.passphrase, Buffer.from(backup.kdf.salt, "base64url"), backup.kdf);
  try {
    if (decryptSecret(backup.keyCheck, key) !== KEY_CHECK_PLAIN) throw new Error("mismatch");
  } catch {
    throw new BackupError("Wrong passphrase for this backup.");
  }
  let reEncrypted: unknown;
  try {
    reEncrypted = mapSecrets(backup.document, (encrypted) => encryptSecret(decryptSecret(encrypted, key), input.storageKey));
  } catch {
    throw new BackupError("A secret in the backup cannot be decrypted: the file was changed after it was made.");
  }
  if (!isRecord(reEncrypted)) throw new BackupError("The backup holds no configuration.");
  const migrated = migrateConfigDocument(reEncrypted).document;
  const checked = configDocumentSchema.safeParse(migrated);
  if (!checked.success) throw new BackupError(`The configuration in the backup is invalid: ${formatZodIssues(checked.error.issues, migrated).slice(0, 3).join("; ")}`);
  const restored = checked.data;
  const areClientKeysRestored = backup.apiKeySecretFingerprint === input.apiKeySecretFingerprint;
  const document: ConfigDocument = {
    ...restored,
    apiKeys: areClientKeysRestored ? restored.apiKeys : input.current.apiKeys,
    settings: { ...restored.settings, ipFilter: input.current.settings.ipFilter },
    auth: input.current.auth,
  };
  if (document.settings.ipFilter === undefined) delete document.settings.ipFilter;
  if (document.auth === undefined) delete document.auth;
  return {
    document,
    areClientKeysRestored,
    counts: {
      providers: document.providers.length,
      accounts: document.providers.reduce((sum, provider) => sum + provider.accounts.length, 0),
      combos: document.combos.length,
      clientKeys: document.apiKeys.length,
    },
  };
}
