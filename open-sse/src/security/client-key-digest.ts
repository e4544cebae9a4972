import { createHmac } from "node:crypto";

/**
 * The digest of a client API key as the host stores it and the engine compares it: HMAC-SHA256 keyed with
 * the instance's `API_KEY_SECRET`. Keying the hash means a leaked db.json does not allow offline guessing of
 * short keys without the secret, which lives apart in `DATA_DIR/secrets` or the environment.
 *
 * Pass the result as `GatewayPorts.digestClientKey`; `ClientKeyRuntime.digest` holds the same bytes.
 */
export function createClientKeyDigester(apiKeySecret: Buffer): (key: string) => Buffer {
  if (apiKeySecret.length === 0) throw new Error("the client key secret must not be empty");
  const secret = Buffer.from(apiKeySecret);
  return (key: string) => createHmac("sha256", secret).update(key, "utf8").digest();
}
