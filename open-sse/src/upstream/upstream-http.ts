import { Agent, request, type Dispatcher } from "undici";
import { GatewayError } from "../core/gateway-error";

/**
 * One keep-alive connection pool per process for every upstream origin. undici's `request` (not `fetch`)
 * is used on the hot path: it skips the WHATWG Response machinery and is several times cheaper per call.
 */
export function createUpstreamDispatcher(): Dispatcher {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: 10_000 },
    pipelining: 1,
  });
}

export interface UpstreamCall {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
  dispatcher: Dispatcher;
  /** Until response headers arrive. */
  firstByteTimeoutMs: number;
  /** Between two body chunks (and until the first one after the headers). */
  idleTimeoutMs: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

export function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  return request(call.url, {
    method: "POST",
    headers: call.headers,
    body: call.body,
    signal: call.signal,
    dispatcher: call.dispatcher,
    headersTimeout: call.firstByteTimeoutMs,
    bodyTimeout: call.idleTimeoutMs,
  });
}

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** Turns a thrown transport error into what the client may hear: never the upstream URL or key. */
export function transportFailure(error: unknown, providerId: string): GatewayError {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === "string" && TIMEOUT_CODES.has(code)) {
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
