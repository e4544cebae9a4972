import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ClientKeyRuntime } from "../ports";

/** The key a client presented, from the header its SDK uses: Bearer (OpenAI), x-api-key (Anthropic), x-goog-api-key (Gemini). */
export function presentedClientKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === "string" && authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === "bearer ") {
    return authorization.slice(7).trim();
  }
  const apiKey = headers["x-api-key"] ?? headers["x-goog-api-key"];
  return typeof apiKey === "string" && apiKey.length > 0 ? apiKey : undefined;
}

/**
 * Compares the presented key's digest with every configured key's digest in constant time per key and
 * without an early exit, so timing reveals neither which key matched nor how much of it.
 */
export function matchClientKey(
  presented: string,
  keys: readonly ClientKeyRuntime[],
  digest: (key: string) => Buffer,
): ClientKeyRuntime | undefined {
  const presentedDigest = digest(presented);
  let match: ClientKeyRuntime | undefined;
  for (const key of keys) {
    if (key.digest.length === presentedDigest.length && timingSafeEqual(key.digest, presentedDigest)) match ??= key;
  }
  return match;
}
