import { Pool, type Dispatcher } from "undici";
import { GatewayError } from "../core/gateway-error";
import { classifyFailure } from "../routing/classify-failure";
import type { ClientAbort } from "../http/client-abort";

/**
 * Keep-alive connection pools, one per upstream origin, shared by every request of the process. undici's
 * `Pool.request` (not `fetch`) is used on the hot path: it skips the WHATWG Response machinery, and with the
 * origin resolved once per account it skips URL parsing per request too.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { pool: Pool; basePath: string }>();

  /** The pool and path prefix for a base URL such as `https://api.openai.com/v1`. */
  target(baseUrl: string): { pool: Pool; basePath: string } {
    let target = this.targets.get(baseUrl);
    if (target === undefined) {
      const url = new URL(baseUrl);
      let pool = this.pools.get(url.origin);
      if (pool === undefined) {
        pool = new Pool(url.origin, {
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 600_000,
          connect: { timeout: 10_000 },
          pipelining: 1,
        });
        this.pools.set(url.origin, pool);
      }
      target = { pool, basePath: url.pathname.replace(/\/+$/, "") };
      this.targets.set(baseUrl, target);
    }
    return target;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.targets.clear();
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
}

export type UpstreamResponse = Dispatcher.ResponseData;

export function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  const { pool, basePath } = call.pools.target(call.baseUrl);
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

/** Turns a thrown transport error into what the client may hear: never the upstream URL or key. */
export function transportFailure(error: unknown, providerId: string): GatewayError {
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
  const reason = typeof code === "string" && /^[A-Z_]+$/.test(code) ? ` (${code})` : "";
  return new GatewayError({
    code: "upstream_unreachable",
    status: 502,
    retryable: true,
    publicMessage: `Could not reach provider '${providerId}'${reason}.`,
    cause: error,
  });
}
