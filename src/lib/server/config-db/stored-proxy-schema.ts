import { z } from "zod";

/**
 * An outbound proxy as stored in db.json (global, per provider, per combo, per account) and as
 * `/api/settings/proxy` takes it. The password is a secret: encrypted at rest like provider keys, never
 * returned by an API. SOCKS5 is accepted only when `ENABLE_SOCKS5_PROXY=true`; that check is the API's.
 */
export const storedProxySchema = z.object({
  type: z.enum(["http", "https", "socks5"]),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  username: z.string().max(256).optional(),
  /** `enc:v1:` value (encrypt-secret.ts). */
  passwordEncrypted: z.string().startsWith("enc:v1:").optional(),
});

export type StoredProxy = z.infer<typeof storedProxySchema>;
