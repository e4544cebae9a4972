import { randomBytes } from "node:crypto";

/** `omr_` + 8-char lookup id + `_` + 32 base62 characters (32 × log2(62) ≈ 190 bits of secret). */
const GENERATED_KEY_PATTERN = /^omr_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Presented keys outside these bounds are refused before any hashing or lookup. */
export const MIN_CLIENT_KEY_LENGTH = 1;
export const MAX_CLIENT_KEY_LENGTH = 512;

export function isGeneratedClientKey(key: string): boolean {
  return GENERATED_KEY_PATTERN.test(key);
}

/** The cheap format check that runs before the lookup: length bounds only, as config-file keys are free-form. */
export function hasClientKeyShape(key: string): boolean {
  return key.length >= MIN_CLIENT_KEY_LENGTH && key.length <= MAX_CLIENT_KEY_LENGTH;
}

/**
 * The non-secret part of a key used to find its stored record: `omr_XXXXXXXX` for generated keys; for
 * free-form config-file keys the first 8 characters, but never more than half of a short key, so the stored
 * prefix does not give the key away. A pure function of the key, so storing and verifying always agree.
 */
export function clientKeyLookupPrefix(key: string): string {
  if (isGeneratedClientKey(key)) return key.slice(0, 12);
  return key.slice(0, Math.min(8, Math.floor(key.length / 2)));
}

/**
 * The lookup prefix from a stored `prefix` field. Config-file keys were stored in display form with a
 * trailing ellipsis (`omr-test…`), generated keys without; both lead to the same lookup prefix.
 */
export function lookupPrefixFromStored(storedPrefix: string): string {
  return storedPrefix.endsWith("…") ? storedPrefix.slice(0, -1) : storedPrefix;
}

/** A new client key in the generated format. */
export function generateClientKey(): string {
  return `omr_${randomBase62(8)}_${randomBase62(32)}`;
}

/** Uniform base62: bytes ≥ 248 (= 4 × 62) are rejected so the modulo introduces no bias. */
function randomBase62(length: number): string {
  let text = "";
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue;
      text += BASE62[byte % 62];
      if (text.length === length) break;
    }
  }
  return text;
}

/** The `prefix` stored for a key: the lookup prefix, with `…` for free-form keys (as they were always stored). */
export function storedClientKeyPrefix(key: string): string {
  const prefix = clientKeyLookupPrefix(key);
  return isGeneratedClientKey(key) ? prefix : `${prefix}…`;
}
