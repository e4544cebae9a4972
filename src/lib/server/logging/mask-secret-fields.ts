/**
 * Masks values by what their field is called: anything named like a key, password, token, secret, hash,
 * cookie or credential becomes "[masked]", at any depth, and strings that look like credentials are redacted
 * wherever they sit (redact-secrets.ts). Used for log fields, audit before/after and stored request bodies, so
 * a secret is never written even when a caller passes a whole object.
 */
import { redactSecrets } from "./redact-secrets";

export const MASKED = "[masked]";

/**
 * Field names (lower-cased, `-`/`_` removed) that end like these hold secrets: `apiKey`, `api_key`, `x-api-key`,
 * `passwordHash`, `accessToken`, `refresh_token`, `clientSecret`, `apiKeyEncrypted`, `credentialsEncrypted`,
 * `authorization`, `cookie`, `set-cookie`.
 */
const SECRET_NAME_ENDINGS = ["key", "password", "passwd", "secret", "token", "hash", "authorization", "cookie", "credential", "credentials", "encrypted", "signature"];

/** Names that end like a secret but are not one. */
const NOT_SECRET = new Set(["sessionkey", "promptcachekey", "cachekey", "idempotencykey", "pricekey", "billingkey"]);

/** Stored secrets: the `enc:v1:` envelope (encrypt-secret.ts) and scrypt password hashes. */
const STORED_SECRET_PREFIXES = ["enc:v1:", "scrypt$"];

export function isSecretFieldName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_]/g, "");
  if (NOT_SECRET.has(normalized)) return false;
  return SECRET_NAME_ENDINGS.some((ending) => normalized.endsWith(ending));
}

/**
 * `"<secret-named field>": "<string>"` inside JSON text (a request or response body kept as text): the value is
 * masked without parsing the document. The name must end like a secret (see isSecretFieldName); numbers, objects
 * and the other fields are left alone.
 */
const JSON_SECRET_FIELD = /"([^"\\]{0,80}?(?:key|password|passwd|secret|token|hash|authorization|cookie|credentials?|encrypted|signature))"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function maskSecretJsonText(text: string): string {
  return text.replace(JSON_SECRET_FIELD, (match, name: string, colon: string) => (isSecretFieldName(name) ? `"${name}"${colon}"${MASKED}"` : match));
}

export interface MaskOptions {
  /** Deeper values become "[…]"; bounds the work on a hostile or cyclic object. */
  maxDepth?: number;
  /** Strings are cut at this many characters. */
  maxStringLength?: number;
  /** Arrays are cut at this many items. */
  maxArrayItems?: number;
  /** False: strings are only cut, not scanned for credential shapes (the caller redacts the serialized text). Default true. */
  redactStrings?: boolean;
}

/** A copy of `value` with every secret masked; never throws (cycles and odd values become markers). */
export function maskSecretFields(value: unknown, options: MaskOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? 12;
  const maxString = options.maxStringLength ?? 10_000;
  const maxItems = options.maxArrayItems ?? 1_000;
  const redact = options.redactStrings ?? true;
  const maskString = (text: string): string => {
    if (STORED_SECRET_PREFIXES.some((prefix) => text.startsWith(prefix))) return MASKED;
    const cut = text.length > maxString ? `${text.slice(0, maxString)}…[${text.length - maxString} more characters]` : text;
    return redact ? redactSecrets(cut) : cut;
  };
  const seen = new WeakSet<object>();
  const walk = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") return maskString(current);
    if (current === null || typeof current === "number" || typeof current === "boolean") return current;
    if (typeof current === "bigint") return current.toString();
    if (current === undefined || typeof current === "function" || typeof current === "symbol") return undefined;
    if (current instanceof Error) return { name: current.name, message: maskString(current.message) };
    if (current instanceof Date) return Number.isNaN(current.getTime()) ? null : current.toISOString();
    if (Buffer.isBuffer(current)) return `[${current.length} bytes]`;
    if (typeof current !== "object") return undefined;
    if (seen.has(current)) return "[cycle]";
    if (depth >= maxDepth) return "[…]";
    seen.add(current);
    try {
      if (Array.isArray(current)) {
        const items = current.slice(0, maxItems).map((item) => walk(item, depth + 1));
        if (current.length > maxItems) items.push(`[${current.length - maxItems} more]`);
        return items;
      }
      if (current instanceof Map) return walk(Object.fromEntries(current), depth);
      if (current instanceof Set) return walk([...current], depth);
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(current)) {
        if (isSecretFieldName(key)) {
          result[key] = item === null || item === undefined || item === "" ? item : MASKED;
          continue;
        }
        const masked = walk(item, depth + 1);
        if (masked !== undefined) result[key] = masked;
      }
      return result;
    } finally {
      seen.delete(current);
    }
  };
  return walk(value, 0);
}
