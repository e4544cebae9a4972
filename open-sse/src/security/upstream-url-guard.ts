import { isIP } from "node:net";

export type UpstreamUrlRefusal =
  | "invalid-url"
  | "unsupported-scheme"
  | "credentials-in-url"
  | "local-address"
  | "metadata-address";

export type UpstreamUrlCheck = { ok: true; url: URL } | { ok: false; reason: UpstreamUrlRefusal };

export interface UpstreamUrlGuardOptions {
  /** Opt-in for loopback/private targets (Ollama, LM Studio, local mocks). Metadata stays refused regardless. */
  allowLocal: boolean;
}

/**
 * Decides whether a configurable base URL may be used as an upstream (SSRF guard, pure, no I/O).
 *
 * It judges the URL as written: the WHATWG parser already canonicalises numeric IPv4 tricks
 * (`2130706433`, `0x7f.1`, `127.1`, octal) to dotted form and IPv6 to compressed hex, so only canonical
 * forms need matching here. A hostname that *resolves* to a private or metadata address is caught at connect time
 * by guarded-lookup.ts, which applies this same check to every resolved address.
 */
export function checkUpstreamUrl(url: string, options: UpstreamUrlGuardOptions): UpstreamUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "invalid-url" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, reason: "unsupported-scheme" };
  if (parsed.username !== "" || parsed.password !== "") return { ok: false, reason: "credentials-in-url" };

  const host = normaliseHost(parsed.hostname);
  if (host === "") return { ok: false, reason: "invalid-url" };
  const classification = classifyHost(host);
  if (classification === "metadata") return { ok: false, reason: "metadata-address" };
  if (classification === "local" && !options.allowLocal) return { ok: false, reason: "local-address" };
  return { ok: true, url: parsed };
}

type HostClass = "metadata" | "local" | "public";

const metadataHostnames = new Set(["metadata", "metadata.google.internal"]);
const metadataIpv4 = new Set(["169.254.169.254", "100.100.100.200"]);
const metadataIpv6 = "fd00:ec2::254";

/** Lower-case, without IPv6 brackets and without the trailing dot that makes a name fully qualified. */
function normaliseHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  while (host.endsWith(".")) host = host.slice(0, -1);
  return host;
}

function classifyHost(host: string): HostClass {
  const ipVersion = isIP(host);
  if (ipVersion === 4) return classifyIpv4(parseIpv4(host));
  if (ipVersion === 6) return classifyIpv6(host);
  if (metadataHostnames.has(host)) return "metadata";
  if (host === "localhost" || host.endsWith(".localhost")) return "local";
  return "public";
}

function parseIpv4(host: string): number[] {
  return host.split(".").map((part) => Number.parseInt(part, 10));
}

function classifyIpv4(octets: readonly number[]): HostClass {
  const [first = 0, second = 0] = octets;
  if (metadataIpv4.has(octets.join("."))) return "metadata";
  const local =
    first === 0 || // 0.0.0.0/8 "this network": connecting to 0.0.0.0 reaches the local host on Linux
    first === 127 ||
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168) ||
    (first === 169 && second === 254);
  return local ? "local" : "public";
}

function classifyIpv6(host: string): HostClass {
  const groups = expandIpv6(host);
  if (groups === undefined) return "local"; // unparseable after isIP said yes: refuse rather than guess
  const embedded = embeddedIpv4(groups);
  if (embedded !== undefined) return classifyIpv4(embedded);
  if (groups.join(":") === expandIpv6(metadataIpv6)?.join(":")) return "metadata";
  const [first = 0] = groups;
  const unspecifiedOrLoopback = groups.slice(0, 7).every((group) => group === 0) && (groups[7] ?? 0) <= 1;
  const uniqueLocal = (first & 0xfe00) === 0xfc00; // fc00::/7
  const linkLocal = (first & 0xffc0) === 0xfe80; // fe80::/10
  return unspecifiedOrLoopback || uniqueLocal || linkLocal ? "local" : "public";
}

/**
 * The IPv4 address an IPv6 address carries to the same host: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks) and NAT64 (64:ff9b::/96).
 */
function embeddedIpv4(groups: readonly number[]): number[] | undefined {
  const prefix = groups.slice(0, 6);
  const zeroPrefix = prefix.slice(0, 5).every((group) => group === 0);
  const mapped = zeroPrefix && prefix[5] === 0xffff;
  const compatible = zeroPrefix && prefix[5] === 0 && ((groups[6] ?? 0) !== 0 || (groups[7] ?? 0) > 1);
  const nat64 = prefix[0] === 0x64 && prefix[1] === 0xff9b && prefix.slice(2).every((group) => group === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/** Eight 16-bit groups, or undefined when the text is not IPv6 (zone ids are not valid in URLs). */
function expandIpv6(host: string): number[] | undefined {
  let text = host;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const lastPart = text.slice(lastColon + 1);
  if (lastPart.includes(".")) {
    if (isIP(lastPart) !== 4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = parseIpv4(lastPart);
    tail.push((a << 8) | b, (c << 8) | d);
    text = `${text.slice(0, lastColon + 1)}0`; // placeholder group, dropped below
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] => (part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (tail.length > 0) (rest.length > 0 ? rest : head).pop();
  const explicit = [...head, ...rest, ...tail].length;
  const fill = halves.length === 2 ? 8 - explicit : 0;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...rest, ...tail];
  if (groups.length !== 8 || groups.some((group) => Number.isNaN(group) || group < 0 || group > 0xffff)) return undefined;
  return groups;
}
