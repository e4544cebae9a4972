import { GatewayError } from "../../core/gateway-error";

/**
 * The proxy as it may be shown to a client or written to a log: scheme, host and port, never the user name or
 * password (`http://user:secret@proxy:8080` → `http://proxy:8080`).
 */
export function describeProxy(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    const port = url.port === "" ? "" : `:${url.port}`;
    return `${url.protocol}//${url.hostname}${port}`;
  } catch {
    return "(unparseable proxy URL)";
  }
}

/**
 * A transport error from a call made through a proxy. The call may have failed at the proxy (refused, bad
 * credentials, tunnel refused) or beyond it; either way the configured route failed, and the client hears so —
 * the call is never retried without the proxy. `code` keeps the underlying code so that timeouts still classify
 * as timeouts.
 */
export class ProxiedCallError extends Error {
  readonly code: string | undefined;
  readonly proxy: string;

  constructor(cause: unknown, proxyUrl: string) {
    super(`call through proxy ${describeProxy(proxyUrl)} failed`, { cause });
    this.name = "ProxiedCallError";
    this.proxy = describeProxy(proxyUrl);
    this.code = codeOf(cause);
  }

  static isInstance(value: unknown): value is ProxiedCallError {
    return value instanceof ProxiedCallError || (typeof value === "object" && value !== null && (value as { name?: unknown }).name === "ProxiedCallError" && "proxy" in value);
  }
}

/**
 * The client-facing error for a proxied call that failed without an upstream answer: 502 `proxy_failed`, naming
 * the proxy (without credentials) and a short reason — the error code, or the status the proxy answered with.
 */
export function proxyFailure(error: ProxiedCallError, providerId: string): GatewayError {
  return new GatewayError({
    code: "proxy_failed",
    status: 502,
    retryable: true,
    publicMessage: `The outbound proxy ${error.proxy} failed for provider '${providerId}'${reasonOf(error)}; the request was not sent directly.`,
    cause: error,
  });
}

/** A proxy URL that cannot be used at all (unsupported scheme, SOCKS5 switched off): the call fails closed. */
export function unusableProxy(proxyUrl: string, reason: string): GatewayError {
  return new GatewayError({
    code: "proxy_failed",
    status: 502,
    publicMessage: `The outbound proxy ${describeProxy(proxyUrl)} cannot be used: ${reason}; the request was not sent directly.`,
  });
}

function reasonOf(error: ProxiedCallError): string {
  const cause = error.cause;
  const message = cause instanceof Error ? cause.message : "";
  // undici: "Proxy response (407) !== 200 when HTTP Tunneling", "Proxy Authentication Required (407)".
  const status = /\((\d{3})\)/.exec(message)?.[1];
  if (status !== undefined && /proxy/i.test(message)) return ` (the proxy answered ${status})`;
  if (error.code !== undefined && /^[A-Z0-9_]+$/.test(error.code)) return ` (${error.code})`;
  return "";
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
}
