import { decryptSecret } from "../secrets/encrypt-secret";
import type { StoredProxy } from "./stored-proxy-schema";

/**
 * The proxy URL the engine takes (`AccountRuntime.proxyUrl` and friends): `http://user:pass@host:port`,
 * `https://…` or `socks5://…`. User name and password are percent-encoded, so `@`, `:` and `/` in them cannot
 * change where the URL points; an IPv6 host gets its brackets. The password is decrypted with the storage key:
 * throws `SecretDecryptError` when it cannot be (the caller must then fail closed, never go direct).
 */
export function storedProxyUrl(proxy: StoredProxy, storageKey: Buffer): string {
  const password = proxy.passwordEncrypted === undefined ? undefined : decryptSecret(proxy.passwordEncrypted, storageKey);
  let userInfo = "";
  if (proxy.username !== undefined || password !== undefined) {
    userInfo = encodeURIComponent(proxy.username ?? "");
    if (password !== undefined) userInfo += `:${encodeURIComponent(password)}`;
    userInfo += "@";
  }
  return `${proxy.type}://${userInfo}${proxyHostForUrl(proxy.host)}:${proxy.port}`;
}

/** An IPv6 literal goes in brackets in a URL; a host stored with them keeps them once. */
export function proxyHostForUrl(host: string): string {
  if (host.startsWith("[") && host.endsWith("]")) return host;
  return host.includes(":") ? `[${host}]` : host;
}
