import { BlockList, isIP } from "node:net";

/**
 * IP allowlist / blocklist for `/v1` and the dashboard. The client address is the socket peer; an
 * `X-Forwarded-For` header is believed only when that peer is a configured trusted proxy, and then the
 * client is the rightmost hop that is not itself a trusted proxy (hops further left were written by the
 * client and can be forged).
 */
export type IpFilterMode = "off" | "allow" | "block";

export interface IpFilterSettings {
  mode: IpFilterMode;
  cidrs: readonly string[];
  trustedProxies: readonly string[];
}

export const IP_FILTER_OFF: IpFilterSettings = Object.freeze({ mode: "off", cidrs: [], trustedProxies: [] });

export interface ParsedCidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128). Undefined when malformed. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const [rawAddress, rawPrefix, ...rest] = text.trim().split("/");
  if (rawAddress === undefined || rest.length > 0) return undefined;
  const address = normalizeAddress(rawAddress);
  const version = isIP(address);
  if (version === 0) return undefined;
  const maxPrefix = version === 4 ? 32 : 128;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return undefined;
  const prefix = rawPrefix === undefined ? maxPrefix : Number(rawPrefix);
  if (prefix > maxPrefix) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Strips brackets, a zone id and the IPv4-mapped prefix (`::ffff:127.0.0.1` is 127.0.0.1 on a dual-stack socket). */
export function normalizeAddress(address: string): string {
  let bare = address.trim();
  if (bare.startsWith("[") && bare.endsWith("]")) bare = bare.slice(1, -1);
  const zone = bare.indexOf("%");
  if (zone >= 0) bare = bare.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  return (mapped ? mapped[1]! : bare).toLowerCase();
}

export function buildBlockList(cidrs: readonly string[]): { list: BlockList; invalid: string[] } {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed === undefined) invalid.push(cidr);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return { list, invalid };
}

function contains(list: BlockList, address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  return list.check(address, version === 4 ? "ipv4" : "ipv6");
}

export interface CompiledIpFilter {
  readonly settings: IpFilterSettings;
  /** Entries that are not valid CIDRs (ignored; the settings route refuses them, db.json edits may not). */
  readonly invalidEntries: readonly string[];
  /** The client address for this socket peer and X-Forwarded-For, or undefined when it cannot be trusted. */
  clientAddress(peerAddress: string | undefined, forwardedFor: string | string[] | undefined): string | undefined;
  /** Whether a client at this address may use the server. Fails closed on an unknown address. */
  allows(clientAddress: string | undefined): boolean;
}

export function compileIpFilter(settings: IpFilterSettings): CompiledIpFilter {
  const ranges = buildBlockList(settings.cidrs);
  const proxies = buildBlockList(settings.trustedProxies);
  return {
    settings,
    invalidEntries: [...ranges.invalid, ...proxies.invalid],
    clientAddress: (peerAddress, forwardedFor) => resolveClientAddress(peerAddress, forwardedFor, proxies.list),
    allows(clientAddress) {
      if (settings.mode === "off") return true;
      if (clientAddress === undefined) return false;
      const listed = contains(ranges.list, clientAddress);
      return settings.mode === "allow" ? listed : !listed;
    },
  };
}

export function resolveClientAddress(
  peerAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: BlockList,
): string | undefined {
  if (peerAddress === undefined) return undefined;
  const peer = normalizeAddress(peerAddress);
  if (!contains(trustedProxies, peer) || forwardedFor === undefined) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  let client = peer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = normalizeAddress(stripPort(hops[index]!));
    // A trusted proxy wrote garbage: we cannot tell who the client is, so fail closed.
    if (isIP(hop) === 0) return undefined;
    client = hop;
    if (!contains(trustedProxies, hop)) return hop;
  }
  return client;
}

/** `1.2.3.4:5678` and `[::1]:5678` appear in some proxies' X-Forwarded-For. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4WithPort ? v4WithPort[1]! : hop;
}
