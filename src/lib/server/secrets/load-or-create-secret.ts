import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface LoadOrCreateSecretInput {
  secretsDir: string;
  /** File name inside `secretsDir`: `storage-key`, `api-key-secret`. */
  name: string;
  /** The environment's value (`STORAGE_ENCRYPTION_KEY`, `API_KEY_SECRET`); wins when non-empty. */
  envValue?: string;
}

export class SecretFileError extends Error {
  override name = "SecretFileError";
}

const hexKey = /^[0-9a-f]{64}$/i;

/**
 * A 32-byte instance secret: from the environment, else from `secretsDir/<name>` (hex), else generated once
 * and persisted with mode 0600. Concurrent first starts agree on one value: the file appears atomically via
 * link(2), which fails when another process got there first, and then that process's value is read.
 */
export function loadOrCreateSecret(input: LoadOrCreateSecretInput): Buffer {
  const fromEnv = input.envValue?.trim();
  if (fromEnv !== undefined && fromEnv !== "") {
    // A passphrase of any shape is accepted; only an exact 64-hex value is taken as the raw key.
    return hexKey.test(fromEnv) ? Buffer.from(fromEnv, "hex") : createHash("sha256").update(fromEnv, "utf8").digest();
  }
  const file = join(input.secretsDir, input.name);
  const existing = readSecretFile(file);
  if (existing !== undefined) return existing;

  const secret = randomBytes(32);
  if (publishSecretFile(file, `${secret.toString("hex")}\n`)) return secret;
  const winner = readSecretFile(file);
  if (winner === undefined) throw new SecretFileError(`secret file ${file} vanished while being created`);
  return winner;
}

function readSecretFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SecretFileError(`cannot read secret file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
  const value = text.trim();
  // Never regenerate over a damaged file: data encrypted with the old key would become unreadable.
  if (!hexKey.test(value)) {
    throw new SecretFileError(`secret file ${file} does not hold a 64-character hex key; fix or remove it (data encrypted with it will be unreadable)`);
  }
  return Buffer.from(value, "hex");
}

/** Writes a fully-synced temp file and links it into place; false when the target already exists. */
function publishSecretFile(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const descriptor = openSync(temp, "wx", 0o600);
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new SecretFileError(`cannot create secret file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  } finally {
    unlinkSync(temp);
  }
}
