import { z } from "zod";
import type { StoredProxy } from "../config-db/stored-proxy-schema";
import { decryptSecret, encryptSecret } from "../secrets/encrypt-secret";

/**
 * An outbound proxy as a person writes it — in the config file and in the management API
 * (`/api/providers`, `/api/settings/proxy`): `{type, host, port, username?, password?}`. The password is plain
 * here and encrypted before it is stored (`toStoredProxy`). A host is a name or an IP address, never a URL:
 * credentials and schemes have their own fields, so nothing in the host can redirect the proxy elsewhere.
 */
export const proxyFieldsSchema = z.strictObject({
  type: z.enum(["http", "https", "socks5"]),
  host: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(253, "must be at most 253 characters")
    .regex(/^(?:[a-z0-9_](?:[a-z0-9._-]*[a-z0-9_])?|\[?[0-9a-f:.]+\]?)$/i, "must be a host name or IP address, without scheme, port or credentials")
    .transform((host) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host)),
  port: z.number().int("must be an integer").min(1, "must be between 1 and 65535").max(65_535, "must be between 1 and 65535"),
  username: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters").optional(),
  /**
   * Plain text; encrypted at rest. In an update, absent keeps the stored password when the proxy keeps its host,
   * port and user name; null (or "") removes it.
   */
  password: z.string().max(1024, "must be at most 1024 characters").nullable().optional(),
});

export type ProxyFields = z.infer<typeof proxyFieldsSchema>;

/**
 * The stored form of `fields`. `existing` (what was stored before) lets an update leave the password out and keep
 * it, and lets an unchanged password keep its ciphertext (a fresh IV would otherwise rewrite db.json on every
 * config-file apply). The stored password is kept only for the same host, port and user name: a password must not
 * follow the proxy to another server.
 */
export function toStoredProxy(fields: ProxyFields, existing: StoredProxy | null | undefined, storageKey: Buffer): StoredProxy {
  const stored: StoredProxy = { type: fields.type, host: fields.host, port: fields.port };
  if (fields.username !== undefined) stored.username = fields.username;
  const sameServer =
    existing !== undefined && existing !== null && existing.host === fields.host && existing.port === fields.port && existing.username === fields.username;
  if (fields.password === undefined) {
    if (sameServer && existing?.passwordEncrypted !== undefined) stored.passwordEncrypted = existing.passwordEncrypted;
    return stored;
  }
  if (fields.password === null || fields.password === "") return stored;
  const previous = sameServer ? existing?.passwordEncrypted : undefined;
  stored.passwordEncrypted = previous !== undefined && decryptsTo(previous, fields.password, storageKey) ? previous : encryptSecret(fields.password, storageKey);
  return stored;
}

/** What the management API shows of a stored proxy: everything but the password, and whether one is set. */
export interface ProxyView {
  type: StoredProxy["type"];
  host: string;
  port: number;
  username: string | null;
  hasPassword: boolean;
}

export function toProxyView(proxy: StoredProxy | null | undefined): ProxyView | null {
  if (proxy === undefined || proxy === null) return null;
  return { type: proxy.type, host: proxy.host, port: proxy.port, username: proxy.username ?? null, hasPassword: proxy.passwordEncrypted !== undefined };
}

function decryptsTo(encrypted: string, plain: string, storageKey: Buffer): boolean {
  try {
    return decryptSecret(encrypted, storageKey) === plain;
  } catch {
    return false;
  }
}
