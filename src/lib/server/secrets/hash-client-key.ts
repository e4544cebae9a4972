import { createClientKeyDigester } from "../../../../open-sse/src/security/client-key-digest";

/**
 * The stored form of a client API key: HMAC-SHA256 hex under `API_KEY_SECRET`. The engine digests presented
 * keys with `createClientKeyDigester(apiKeySecret)`, the same function, so `Buffer.from(hash, "hex")` is the
 * `ClientKeyRuntime.digest` it compares against.
 */
export function hashClientKey(key: string, apiKeySecret: Buffer): string {
  return createClientKeyDigester(apiKeySecret)(key).toString("hex");
}

/**
 * What the dashboard shows for a key it can no longer reveal: the first 8 characters, but never more than
 * half of a short key, so the prefix alone does not give the key away.
 */
export function clientKeyPrefix(key: string): string {
  return `${key.slice(0, Math.min(8, Math.floor(key.length / 2)))}…`;
}
