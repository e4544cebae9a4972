import { Pool, type Dispatcher } from "undici";
import { GatewayError } from "../core/gateway-error";
import { classifyFailure } from "../routing/classify-failure";
import type { ClientAbort } from "../http/client-abort";
import type { AccountRuntime, ComboRuntime, ProviderRuntime } from "../ports";
import { EnvironmentProxies } from "./proxy/environment-proxy";
import { ProxiedCallError, proxyFailure } from "./proxy/proxy-failure";
import { ProxyDispatchers } from "./proxy/proxy-dispatchers";
import { configuredProxyUrl } from "./proxy/resolve-proxy-url";
import { GUARD_REFUSAL_CODE, guardedLookup } from "../security/guarded-lookup";
import type { LookupFunction } from "node:net";

export interface UpstreamPoolsOptions {
  /**
   * The environment proxies and `ENABLE_SOCKS5_PROXY` come from (read once, here). Default: `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Certificates trusted for TLS upstreams besides the system's (PEM). For tests and private CAs; in production
   * `NODE_EXTRA_CA_CERTS` does the same for the whole process.
   */
  trustedCertificates?: string;
  /**
   * Whether upstream names may resolve to loopback/private addresses (read at each new connection). Given: every
   * connection's DNS answer goes through the SSRF guard (security/guarded-lookup.ts), metadata addresses always
   * refused. Absent: no connect-time check (the URL was checked when it was configured).
   */
  allowLocalUpstreams?: () => boolean | undefined;
}

/**
 * Keep-alive connection pools, one per upstream origin, shared by every request of the process. undici's
 * `Pool.request` (not `fetch`) is used on the hot path: it skips the WHATWG Response machinery, and with the
 * origin resolved once per account it skips URL parsing per request too.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { pool: Pool; basePath: string }>();
  private readonly origins = new Map<string, { origin: string; basePath: string }>();
  private readonly environment: EnvironmentProxies;
  private readonly socks5Enabled: boolean;
  private readonly trustedCertificates: string | undefined;
  private readonly lookup: LookupFunction | undefined;
  private proxies: ProxyDispatchers | undefined;

  constructor(options: UpstreamPoolsOptions = {}) {
    const env = options.env ?? process.env;
    this.trustedCertificates = options.trustedCertificates;
    const allowLocal = options.allowLocalUpstreams;
    // Runs once per new connection, never per request: pools keep their connections alive.
    this.lookup = allowLocal === undefined ? undefined : guardedLookup(() => allowLocal() ?? true);
    // Read now, once per gateway: a later change to the environment needs a restart, like every proxy-aware tool.
    this.environment = new EnvironmentProxies(env);
    this.socks5Enabled = env.ENABLE_SOCKS5_PROXY === "true";
  }

  /**
   * The outbound proxy for a call (account → combo → provider/global → environment, see resolve-proxy-url.ts), with
   * the environment this process started with; undefined: direct.
   */
  proxyUrlFor(input: {
    account?: Pick<AccountRuntime, "proxyUrl"> | undefined;
    combo?: Pick<ComboRuntime, "proxyUrl"> | undefined;
    provider?: Pick<ProviderRuntime, "proxyUrl"> | undefined;
    targetUrl: string;
  }): string | undefined {
    // resolveProxyUrl's precedence, without building an input object per call.
    return configuredProxyUrl(input) ?? this.environment.proxyFor(input.targetUrl);
  }

  /** The dispatcher for calls through `proxyUrl` (one per proxy, reused); throws a 502 GatewayError when unusable. */
  proxied(proxyUrl: string): Dispatcher {
    this.proxies ??= new ProxyDispatchers({ socks5Enabled: this.socks5Enabled });
    return this.proxies.get(proxyUrl);
  }

  /** Origin and path prefix of a base URL, for calls through a proxy (which are dispatched by origin). */
  originOf(baseUrl: string): { origin: string; basePath: string } {
    let target = this.origins.get(baseUrl);
    if (target === undefined) {
      const url = new URL(baseUrl);
      target = { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
      this.origins.set(baseUrl, target);
    }
    return target;
  }

  /**
   * The pool and path prefix for a base URL such as `https://api.openai.com/v1`. `http2`: the upstream answers only
   * over HTTP/2 (Cursor): its own pool offers h2 by ALPN (TLS origins; a plain-HTTP origin stays HTTP/1.1).
   */
  target(baseUrl: string, http2 = false): { pool: Pool; basePath: string } {
    const key = http2 ? `h2 ${baseUrl}` : baseUrl;
    let target = this.targets.get(key);
    if (target === undefined) {
      const url = new URL(baseUrl);
      const poolKey = http2 ? `h2 ${url.origin}` : url.origin;
      let pool = this.pools.get(poolKey);
      if (pool === undefined) {
        pool = new Pool(url.origin, {
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 600_000,
          connect: {
            timeout: 10_000,
            ...(this.trustedCertificates !== undefined ? { ca: this.trustedCertificates } : {}),
            ...(this.lookup !== undefined ? { lookup: this.lookup } : {}),
          },
          // One HTTP/2 connection carries many streams; HTTP/1.1 connections one request at a time.
          ...(http2 ? { allowH2: true, connections: 4 } : { pipelining: 1 }),
        });
        this.pools.set(poolKey, pool);
      }
      target = { pool, basePath: url.pathname.replace(/\/+$/, "") };
      this.targets.set(key, target);
    }
    return target;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.targets.clear();
    this.origins.clear();
    await this.proxies?.close();
    this.proxies = undefined;
  }
}

export interface UpstreamCall {
  pools: UpstreamPools;
  baseUrl: string;
  /** Appended to the base URL's path, e.g. `/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  abort: ClientAbort;
  /** Until response headers arrive. */
  firstByteTimeoutMs: number;
  /** Between two body chunks (and until the first one after the headers). */
  idleTimeoutMs: number;
  /**
   * The outbound proxy this call must go through (`UpstreamPools.proxyUrlFor`); absent: direct. A proxy that cannot
   * be used or fails rejects the call with a ProxiedCallError (→ 502 `proxy_failed`): never a direct fallback.
   */
  proxyUrl?: string | undefined;
  /** The upstream answers only over HTTP/2 (`ExecutorCall.http2`). Through a proxy the tunnel speaks HTTP/1.1. */
  http2?: boolean | undefined;
}

export type UpstreamResponse = Dispatcher.ResponseData;

export function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  if (call.proxyUrl !== undefined) return callThroughProxy(call, call.proxyUrl);
  const { pool, basePath } = call.pools.target(call.baseUrl, call.http2 === true);
  return pool.request({
    path: basePath + call.path,
    method: "POST",
    headers: call.headers,
    body: call.body,
    signal: call.abort,
    headersTimeout: call.firstByteTimeoutMs,
    bodyTimeout: call.idleTimeoutMs,
  });
}

/** Kept off the direct path above so that a call without a proxy costs exactly what it did before proxies existed. */
async function callThroughProxy(call: UpstreamCall, proxyUrl: string): Promise<UpstreamResponse> {
  const { origin, basePath } = call.pools.originOf(call.baseUrl);
  const dispatcher = call.pools.proxied(proxyUrl);
  try {
    return await dispatcher.request({
      origin,
      path: basePath + call.path,
      method: "POST",
      headers: call.headers,
      body: call.body,
      signal: call.abort,
      headersTimeout: call.firstByteTimeoutMs,
      bodyTimeout: call.idleTimeoutMs,
    });
  } catch (error) {
    // An aborted call is the client's doing, not the proxy's: rethrow as is so callers see the abort.
    if (call.abort.aborted) throw error;
    throw new ProxiedCallError(error, proxyUrl);
  }
}

/** Turns a thrown transport error into what the client may hear: never the upstream URL or key. */
export function transportFailure(error: unknown, providerId: string): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  // Which codes are timeouts is decided once, by the failure classifier the routing bookkeeping uses.
  if (classifyFailure({ transportCode: typeof code === "string" ? code : undefined }, Date.now()).kind === "timeout") {
    return new GatewayError({
      code: "upstream_timeout",
      status: 504,
      retryable: true,
      publicMessage: `Provider '${providerId}' did not answer in time.`,
      cause: error,
    });
  }
  if (code === GUARD_REFUSAL_CODE) {
    return new GatewayError({
      code: "upstream_unreachable",
      status: 502,
      retryable: true,
      publicMessage: `Provider '${providerId}' resolves to an address this gateway refuses (a local or metadata address; local upstreams need security.allowLocalUpstreams).`,
      cause: error,
    });
  }
  // A proxied call that got no answer: the proxy (or the route behind it) failed; say which proxy, never its secret.
  if (ProxiedCallError.isInstance(error)) return proxyFailure(error, providerId);
  const reason = typeof code === "string" && /^[A-Z_]+$/.test(code) ? ` (${code})` : "";
  return new GatewayError({
    code: "upstream_unreachable",
    status: 502,
    retryable: true,
    publicMessage: `Could not reach provider '${providerId}'${reason}.`,
    cause: error,
  });
}
