// The default import (the CommonJS module object) rather than a named import, so that a unit test can
// replace `crypto.timingSafeEqual` with a spy and prove the comparison really goes through it.
import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ClientKeyRuntime } from "../ports";
import { clientKeyLookupPrefix, hasClientKeyShape } from "./client-key-format";

/** The key a client presented, from the header its SDK uses: Bearer (OpenAI), x-api-key (Anthropic), x-goog-api-key (Gemini). */
export function presentedClientKey(headers: IncomingHttpHeaders, url?: string): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === "string" && authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === "bearer ") {
    return authorization.slice(7).trim();
  }
  const apiKey = headers["x-api-key"] ?? headers["x-goog-api-key"];
  if (typeof apiKey === "string" && apiKey.length > 0) return apiKey;
  return url === undefined ? undefined : geminiQueryKey(url);
}

/**
 * Gemini clients may send their key as `?key=` (Google's own convention), so it is accepted on the Gemini
 * routes only. Request logs and usage rows carry the path without its query, so the key is never written.
 */
function geminiQueryKey(url: string): string | undefined {
  if (!url.startsWith("/v1beta/")) return undefined;
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return undefined;
  const key = new URLSearchParams(url.slice(queryStart + 1)).get("key");
  return key !== null && key.length > 0 ? key : undefined;
}

/** Constant-time equality of two digests; buffers of different lengths are simply unequal (never a throw). */
export function digestsEqual(expected: Buffer, actual: Buffer): boolean {
  if (expected.length !== actual.length) return false;
  return crypto.timingSafeEqual(expected, actual);
}

/** Lookup prefix → the keys sharing it, built once per snapshot's key list. */
const indexes = new WeakMap<readonly ClientKeyRuntime[], ReadonlyMap<string, readonly ClientKeyRuntime[]>>();

export function clientKeyIndex(keys: readonly ClientKeyRuntime[]): ReadonlyMap<string, readonly ClientKeyRuntime[]> {
  let index = indexes.get(keys);
  if (index !== undefined) return index;
  const byPrefix = new Map<string, ClientKeyRuntime[]>();
  for (const key of keys) {
    const bucket = byPrefix.get(key.prefix);
    if (bucket === undefined) byPrefix.set(key.prefix, [key]);
    else bucket.push(key);
  }
  index = byPrefix;
  indexes.set(keys, index);
  return index;
}

/**
 * Format check → prefix lookup → timing-safe digest compare. Within the prefix's bucket every key is
 * compared without an early exit, so timing reveals neither which key matched nor how much of it.
 * Returns the matching key whether or not it is enabled or expired (`verifyClientKey` decides that).
 * Timing may show whether a lookup prefix exists; prefixes are not secret (they are shown in the dashboard).
 */
export function matchClientKey(
  presented: string,
  keys: readonly ClientKeyRuntime[],
  digest: (key: string) => Buffer,
): ClientKeyRuntime | undefined {
  if (!hasClientKeyShape(presented)) return undefined;
  const candidates = clientKeyIndex(keys).get(clientKeyLookupPrefix(presented));
  if (candidates === undefined) return undefined;
  const presentedDigest = digest(presented);
  let match: ClientKeyRuntime | undefined;
  for (const key of candidates) {
    if (digestsEqual(key.digest, presentedDigest)) match ??= key;
  }
  return match;
}

export type ClientKeyVerdict =
  | { ok: true; key: ClientKeyRuntime }
  | { ok: false; reason: "unknown" | "disabled" | "expired"; key?: ClientKeyRuntime };

/** The full verification: a known key that is enabled and not expired at `now` (epoch ms). */
export function verifyClientKey(
  presented: string,
  keys: readonly ClientKeyRuntime[],
  digest: (key: string) => Buffer,
  now: number,
): ClientKeyVerdict {
  const key = matchClientKey(presented, keys, digest);
  if (key === undefined) return { ok: false, reason: "unknown" };
  if (!key.enabled) return { ok: false, reason: "disabled", key };
  if (key.expiresAt !== null && now >= key.expiresAt) return { ok: false, reason: "expired", key };
  return { ok: true, key };
}
