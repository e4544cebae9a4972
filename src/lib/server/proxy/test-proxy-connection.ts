import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ProxyAgent, request, Socks5ProxyAgent, type Dispatcher } from "undici";
import { checkUpstreamUrl } from "../../../../open-sse/src/security/upstream-url-guard";
import { describeProxy } from "../../../../open-sse/src/upstream/proxy/proxy-failure";

/** Where a proxy test goes when the caller names no URL: an HTTPS API every user of this product reaches. */
export const DEFAULT_PROXY_TEST_URL = "https://api.openai.com/v1/models";
const PROBE_TIMEOUT_MS = 10_000;

export interface ProxyTestResult {
  ok: boolean;
  latencyMs: number;
  /** Says what happened, naming the proxy without its credentials; never the target's answer body. */
  message: string;
}

export interface ProxyTestOptions {
  /** The proxy as a URL with its credentials (stored-proxy-url.ts). */
  proxyUrl: string;
  targetUrl: string;
  /** `settings.allowLocalUpstreams`: loopback and private targets are refused without it. */
  allowLocal: boolean;
  socks5Enabled: boolean;
  now?: () => number;
}

/**
 * `POST /api/settings/proxy/test`: one request through the proxy to `targetUrl`, with its latency. Any HTTP answer
 * means the proxy works (a 401 from an API without a key included); the answer's body is never read or echoed.
 *
 * The target goes through the SSRF guard twice: as written, and as what its name resolves to here (the proxy does
 * its own lookup, so this second check narrows rather than closes the window — a name that resolves to a metadata
 * or, without `allowLocalUpstreams`, a private address is refused). The proxy host itself may be local (a proxy
 * on this machine is common) but never a cloud metadata address. No redirect is followed.
 */
export async function testProxyConnection(options: ProxyTestOptions): Promise<ProxyTestResult> {
  const now = options.now ?? Date.now;
  const proxyName = describeProxy(options.proxyUrl);
  const target = checkUpstreamUrl(options.targetUrl, { allowLocal: options.allowLocal });
  if (!target.ok) return refused(`The test URL is refused (${target.reason}).`);
  const proxyHost = proxyHostUrl(options.proxyUrl);
  if (proxyHost === undefined) return refused("The proxy is not a valid URL.");
  const proxyCheck = checkUpstreamUrl(proxyHost, { allowLocal: true });
  if (!proxyCheck.ok) return refused(`The proxy address is refused (${proxyCheck.reason}).`);
  const resolvedRefusal = await refusalOfResolvedAddresses(target.url.hostname, options.allowLocal);
  if (resolvedRefusal !== undefined) return refused(`The test URL is refused: its host resolves to a refused address (${resolvedRefusal}).`);

  let dispatcher: Dispatcher;
  const scheme = new URL(options.proxyUrl).protocol;
  if (scheme === "socks5:" || scheme === "socks5h:") {
    if (!options.socks5Enabled) return refused("SOCKS5 proxies are disabled on this server (set ENABLE_SOCKS5_PROXY=true).");
    dispatcher = new Socks5ProxyAgent(scheme === "socks5h:" ? `socks5:${options.proxyUrl.slice("socks5h:".length)}` : options.proxyUrl);
  } else if (scheme === "http:" || scheme === "https:") {
    dispatcher = new ProxyAgent({ uri: options.proxyUrl, proxyTunnel: false });
  } else {
    return refused(`The proxy scheme '${scheme.replace(/:$/, "")}' is not supported.`);
  }

  const started = now();
  try {
    const answer = await request(target.url, {
      method: "GET",
      dispatcher,
      headersTimeout: PROBE_TIMEOUT_MS,
      bodyTimeout: PROBE_TIMEOUT_MS,
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const latencyMs = now() - started;
    // The body is dropped unread (at most a little is drained to free the connection): never echoed.
    await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return { ok: true, latencyMs, message: `Reached ${target.url.origin} through ${proxyName} in ${latencyMs} ms (HTTP ${answer.statusCode}).` };
  } catch (error) {
    const latencyMs = now() - started;
    return { ok: false, latencyMs, message: `Could not reach ${target.url.origin} through ${proxyName}: ${reasonOf(error)}.` };
  } finally {
    void dispatcher.destroy().catch(() => undefined);
  }
}

function refused(message: string): ProxyTestResult {
  return { ok: false, latencyMs: 0, message };
}

function proxyHostUrl(proxyUrl: string): string | undefined {
  try {
    const url = new URL(proxyUrl);
    return `http://${url.host}/`;
  } catch {
    return undefined;
  }
}

async function refusalOfResolvedAddresses(hostname: string, allowLocal: boolean): Promise<string | undefined> {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return undefined; // already judged as written
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(bare, { all: true });
  } catch {
    // Unresolvable here: the proxy may still know it (split DNS); the proxy's own answer will tell.
    return undefined;
  }
  for (const { address, family } of addresses) {
    const check = checkUpstreamUrl(family === 6 ? `http://[${address}]/` : `http://${address}/`, { allowLocal });
    if (!check.ok) return check.reason;
  }
  return undefined;
}

/** A short, safe reason: the error code, or the status a proxy answered with; never a URL with credentials. */
function reasonOf(error: unknown): string {
  const record = typeof error === "object" && error !== null ? (error as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } }) : {};
  const message = typeof record.message === "string" ? record.message : "";
  const status = /\((\d{3})\)/.exec(message)?.[1];
  if (status !== undefined && /proxy/i.test(message)) return `the proxy answered ${status}`;
  if (record.name === "TimeoutError" || record.name === "AbortError") return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  const code = typeof record.code === "string" ? record.code : typeof record.cause?.code === "string" ? record.cause.code : undefined;
  if (code !== undefined && /^[A-Z0-9_]+$/.test(code)) return code === "UND_ERR_HEADERS_TIMEOUT" ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : code;
  return "the connection failed";
}
