import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const prefix = "enc:v1:";
const ivBytes = 12;
const tagBytes = 16;

export class SecretDecryptError extends Error {
  override name = "SecretDecryptError";
}

export function isEncryptedSecret(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(prefix);
}

/** AES-256-GCM with a random 96-bit IV per value: `enc:v1:<iv>.<tag>.<ciphertext>`, each base64url. */
export function encryptSecret(plain: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${prefix}${iv.toString("base64url")}.${tag.toString("base64url")}.${ciphertext.toString("base64url")}`;
}

/** Fails closed on a wrong key or any tampering; the error never carries the value or the key. */
export function decryptSecret(value: string, key: Buffer): string {
  assertKey(key);
  if (!isEncryptedSecret(value)) throw new SecretDecryptError("cannot decrypt secret: not an enc:v1 value");
  const parts = value.slice(prefix.length).split(".");
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, "base64url"));
  if (parts.length !== 3 || iv?.length !== ivBytes || tag?.length !== tagBytes || ciphertext === undefined) {
    throw new SecretDecryptError("cannot decrypt secret: malformed enc:v1 value");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // The crypto error is dropped on purpose: only "which" failed matters, and nothing secret may leak into logs.
    throw new SecretDecryptError("cannot decrypt secret: wrong storage key or tampered value");
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`storage key must be 32 bytes, got ${key.length}`);
}
