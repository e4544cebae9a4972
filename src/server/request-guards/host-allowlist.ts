import { isIP } from "node:net";
import { isLoopbackHost } from "../is-loopback-host";

/**
 * DNS-rebinding defence. The threat: a page on evil.example, open in a browser on the user's machine, makes
 * its own name resolve to 127.0.0.1 and then talks to omniroute as a "same-origin" site. Such a request always
 * carries `Host: evil.example[:port]`, so checking the Host header against the names omniroute is really served
 * under stops it, whatever the port.
 *
 * Policy by bind:
 * - Loopback bind (the default): strict. Only localhost, 127.0.0.1, [::1], the bind host and configured names.
 *   This is exactly the setting the attack targets (a local-only server, reachable from a local browser).
 * - A specific non-loopback address: the same, plus that address. Strict.
 * - A wildcard bind (0.0.0.0 / ::) with configured names: strict, plus any IP literal (the machine may have
 *   several interfaces; an IP-literal Host cannot be a rebinding name, its origin IS this server).
 * - A wildcard bind without configured names: any Host, with a startup note recommending ALLOWED_HOSTS. We
 *   cannot know which names the LAN uses (mybox.local, a reverse proxy's name), and refusing them would make
 *   the bind useless. The residual risk is covered elsewhere: a non-loopback bind always requires the
 *   dashboard login (its SameSite=Strict cookie is never sent to the rebinding origin) and a client key on /v1.
 *
 * `/v1` (and the other gateway paths) are checked only on a loopback bind: API clients on a LAN use IPs and
 * names we cannot list, and on a non-loopback bind /v1 needs a client key anyway.
 */
export type HostCheckScope = "dashboard" | "gateway";

export interface HostAllowlistOptions {
  /** The address the server listens on (`--host`). */
  bindHost: string;
  /** `server.allowedHosts` from the config plus `ALLOWED_HOSTS`. */
  configuredNames: readonly string[];
}

export interface HostAllowlist {
  isAllowed(hostHeader: string | undefined, scope: HostCheckScope): boolean;
  /** True when any Host is accepted (wildcard bind, no configured names): worth a startup note. */
  readonly acceptsAnyHost: boolean;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

export function isWildcardHost(host: string): boolean {
  const bare = stripBrackets(host);
  return bare === "0.0.0.0" || bare === "::" || bare === "";
}

/** `ALLOWED_HOSTS=a.example, b.example:8080` → ["a.example", "b.example"] (ports are ignored). */
export function parseAllowedHostsEnv(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => hostnameOfHostHeader(entry) ?? entry.toLowerCase());
}

/**
 * The hostname part of a Host header, lowercased, brackets and trailing dot removed; undefined when the
 * header is malformed (spaces, userinfo, a path, a bad port).
 */
export function hostnameOfHostHeader(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  let hostname: string;
  let port: string | undefined;
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    if (close < 0) return undefined;
    hostname = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== "" && !rest.startsWith(":")) return undefined;
    port = rest === "" ? undefined : rest.slice(1);
    if (isIP(hostname) !== 6) return undefined;
  } else {
    const colon = value.lastIndexOf(":");
    hostname = colon < 0 ? value : value.slice(0, colon);
    port = colon < 0 ? undefined : value.slice(colon + 1);
    if (!/^[a-z0-9.\-_]+$/.test(hostname)) return undefined;
  }
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  if (hostname.endsWith(".")) hostname = hostname.slice(0, -1);
  return hostname === "" ? undefined : hostname;
}

export function createHostAllowlist(options: HostAllowlistOptions): HostAllowlist {
  const bindHost = stripBrackets(options.bindHost.toLowerCase());
  const wildcard = isWildcardHost(bindHost);
  const loopbackBind = isLoopbackHost(bindHost);
  const names = new Set(LOOPBACK_NAMES);
  if (!wildcard) names.add(bindHost);
  for (const name of options.configuredNames) {
    const normalized = hostnameOfHostHeader(name) ?? stripBrackets(name.trim().toLowerCase());
    if (normalized !== "") names.add(normalized);
  }
  const acceptsAnyHost = wildcard && options.configuredNames.length === 0;

  return {
    acceptsAnyHost,
    isAllowed(hostHeader, scope) {
      if (scope === "gateway" && !loopbackBind) return true;
      if (acceptsAnyHost) return true;
      if (hostHeader === undefined) return false;
      const hostname = hostnameOfHostHeader(hostHeader);
      if (hostname === undefined) return false;
      if (names.has(hostname)) return true;
      return wildcard && isIP(hostname) !== 0;
    },
  };
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
