import { isIP } from "node:net";

/**
 * `NO_PROXY` as curl, Go's net/http and undici's EnvHttpProxyAgent read it: a comma- (or space-) separated list of
 * hosts that are reached directly, never through the environment's proxy.
 *
 * - `*` alone: every host.
 * - `example.com`, `.example.com` and `*.example.com`: the host itself and every subdomain (a leading `.` or `*.` is
 *   only a spelling of the same rule), matched on label boundaries — `badexample.com` is not covered.
 * - `host:port`: only that port (the target's default port counts: `example.com:443` covers `https://example.com`).
 * - IP literals (`127.0.0.1`, `[::1]` or `::1`): that address exactly.
 *
 * Case-insensitive; empty entries are ignored. CIDR ranges are not supported (treated as host names that match
 * nothing), which errs towards using the proxy — never towards a direct connection the user did not ask for.
 */
export interface NoProxyList {
  /** True when a request to `hostname:port` must bypass the environment proxy. */
  bypasses(hostname: string, port: number): boolean;
}

interface NoProxyEntry {
  host: string;
  /** Undefined: any port. */
  port: number | undefined;
  /** IP literals match exactly; names match themselves and their subdomains. */
  exact: boolean;
}

const EMPTY: NoProxyList = { bypasses: () => false };
const EVERYTHING: NoProxyList = { bypasses: () => true };

export function parseNoProxy(value: string | undefined): NoProxyList {
  if (value === undefined) return EMPTY;
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[,\s]+/)) {
    const item = raw.trim().toLowerCase();
    if (item === "") continue;
    if (item === "*") return EVERYTHING;
    const entry = parseEntry(item);
    if (entry !== undefined) entries.push(entry);
  }
  if (entries.length === 0) return EMPTY;
  return {
    bypasses(hostname, port) {
      const host = normaliseHost(hostname);
      return entries.some((entry) => (entry.port === undefined || entry.port === port) && hostMatches(entry, host));
    },
  };
}

function parseEntry(item: string): NoProxyEntry | undefined {
  let text = item;
  if (text.startsWith("*.")) text = text.slice(1);
  let port: number | undefined;
  // `[::1]:8080`, `[::1]`, `host:443`; a bare IPv6 literal (`::1`) has colons but no port.
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return undefined;
    const rest = text.slice(close + 1);
    if (rest.startsWith(":")) port = parsePort(rest.slice(1));
    text = text.slice(1, close);
  } else if (isIP(text) !== 6) {
    const colon = text.lastIndexOf(":");
    if (colon !== -1) {
      port = parsePort(text.slice(colon + 1));
      if (port === undefined) return undefined;
      text = text.slice(0, colon);
    }
  }
  const exact = isIP(text) !== 0;
  const host = exact ? text : text.replace(/^\.+/, "").replace(/\.+$/, "");
  if (host === "") return undefined;
  return { host, port, exact };
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

function hostMatches(entry: NoProxyEntry, host: string): boolean {
  if (entry.exact) return host === entry.host;
  return host === entry.host || host.endsWith(`.${entry.host}`);
}

/** Lower-case, without IPv6 brackets and without the trailing dot of a fully qualified name. */
function normaliseHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  while (host.endsWith(".")) host = host.slice(0, -1);
  return host;
}
