import { Agent, request, type Dispatcher } from "undici";
import { guardedLookup } from "../../../../../open-sse/src/security/guarded-lookup";
import { checkUpstreamUrl, type UpstreamUrlRefusal } from "../../../../../open-sse/src/security/upstream-url-guard";

export { guardedLookup };

/** One management probe (key check, upstream model list): small, bounded in time and size. */
export interface UpstreamProbeRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange: connect, headers and body. */
  timeoutMs: number;
  /** Bytes of the answer kept; the rest is dropped unread. */
  maxBodyBytes: number;
  /** The connection's configured outbound proxy: the probe goes through it or not at all (fail closed). */
  proxyUrl?: string;
}

export interface UpstreamProbeResponse {
  status: number;
  body: Buffer;
  /**
   * The target is loopback/private (as written, or by what its name resolved to): its answer must never be echoed
   * to the caller (the dashboard would otherwise become a reader of internal services).
   */
  privateTarget: boolean;
}

export type UpstreamTransport = (probe: UpstreamProbeRequest) => Promise<UpstreamProbeResponse>;

/** The URL (or, at connect time, the address its name resolved to) is one the SSRF guard refuses. */
export class UpstreamUrlRefusedError extends Error {
  constructor(readonly reason: UpstreamUrlRefusal) {
    super(`upstream URL refused: ${reason}`);
    this.name = "UpstreamUrlRefusedError";
  }
}

/** No answer: DNS failure, refused connection, TLS failure, timeout. `code` is the transport's (ECONNREFUSED…). */
export class UpstreamUnreachableError extends Error {
  constructor(
    readonly code: string,
    readonly timedOut: boolean,
  ) {
    super(timedOut ? "upstream did not answer in time" : `upstream unreachable (${code})`);
    this.name = "UpstreamUnreachableError";
  }
}

/** A probe for a proxied connection, without a way to use the proxy: nothing is sent (never a direct call instead). */
export const PROXY_UNAVAILABLE_CODE = "PROXY_UNAVAILABLE";

/**
 * The probes' transport: undici `request` (which follows no redirect), one short-lived connection per probe, and
 * the SSRF guard applied twice — to the URL as written and, at connect time, to every address its host name
 * resolves to (so a public-looking name pointing at 169.254.169.254 or, without `allowLocalUpstreams`, at a
 * private address is refused; the socket connects to the address that was checked, which pins DNS).
 */
export function createGuardedTransport(allowLocal: () => boolean, proxyDispatcher?: (proxyUrl: string) => Dispatcher): UpstreamTransport {
  return async (probe) => {
    const local = allowLocal();
    const check = checkUpstreamUrl(probe.url, { allowLocal: local });
    if (!check.ok) throw new UpstreamUrlRefusedError(check.reason);
    if (probe.proxyUrl !== undefined && proxyDispatcher === undefined) throw new UpstreamUnreachableError(PROXY_UNAVAILABLE_CODE, false);
    const resolved = { refusal: undefined as UpstreamUrlRefusal | undefined, sawPrivate: false };
    // Through a proxy the proxy resolves the name: only the URL as written is guarded (above). The shared proxy
    // dispatcher is pooled by its owner and is not closed here.
    const ownAgent =
      probe.proxyUrl === undefined
        ? new Agent({
            connect: { timeout: probe.timeoutMs, lookup: guardedLookup(() => local, resolved) },
            headersTimeout: probe.timeoutMs,
            bodyTimeout: probe.timeoutMs,
            pipelining: 0,
          })
        : undefined;
    const dispatcher = ownAgent ?? proxyDispatcher!(probe.proxyUrl!);
    try {
      const response = await request(check.url, {
        method: probe.method,
        headers: probe.headers,
        ...(probe.body === undefined ? {} : { body: probe.body }),
        dispatcher,
        signal: AbortSignal.timeout(probe.timeoutMs),
        headersTimeout: probe.timeoutMs,
        bodyTimeout: probe.timeoutMs,
      });
      const body = await readBounded(response.body, probe.maxBodyBytes);
      return { status: response.statusCode, body, privateTarget: !checkUpstreamUrl(probe.url, { allowLocal: false }).ok || resolved.sawPrivate };
    } catch (error) {
      if (resolved.refusal !== undefined) throw new UpstreamUrlRefusedError(resolved.refusal);
      throw unreachable(error);
    } finally {
      void ownAgent?.destroy().catch(() => undefined);
    }
  };
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy(): unknown }, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = maxBytes - size;
    if (chunk.length >= room) {
      parts.push(chunk.subarray(0, room));
      body.destroy();
      break;
    }
    parts.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(parts);
}

function unreachable(error: unknown): UpstreamUnreachableError {
  const record = typeof error === "object" && error !== null ? (error as { code?: unknown; name?: unknown; cause?: unknown }) : {};
  const cause = typeof record.cause === "object" && record.cause !== null ? (record.cause as { code?: unknown }) : {};
  const code = typeof record.code === "string" ? record.code : typeof cause.code === "string" ? cause.code : String(record.name ?? "error");
  const timedOut = record.name === "TimeoutError" || record.name === "AbortError" || /TIMEOUT/i.test(code);
  return new UpstreamUnreachableError(/^[A-Za-z_]+$/.test(code) ? code : "error", timedOut);
}
