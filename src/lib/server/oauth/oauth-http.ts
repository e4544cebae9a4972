import { request, type Dispatcher } from "undici";

/**
 * The one way OAuth traffic leaves the host: token exchange and refresh, device polling, userinfo, Code Assist
 * onboarding and the quota endpoints. One function so that the outbound proxy applies to all of it (the host
 * passes `dispatcherFor`, backed by the proxy dispatchers of open-sse/src/upstream/proxy), every call has a
 * timeout, bodies are bounded, and redirects are never followed (a token endpoint that redirects is broken, and
 * following would resend the form elsewhere).
 */
export interface OAuthHttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Readonly<Record<string, string>>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Whose call this is, for the proxy choice (account → provider → global → environment). */
  route: OAuthRoute;
}

export interface OAuthRoute {
  providerId: string;
  /** Absent while connecting (the account does not exist yet). */
  accountId?: string;
}

export interface OAuthHttpResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export type OAuthHttp = (request: OAuthHttpRequest) => Promise<OAuthHttpResponse>;

/** A call that got no HTTP answer (DNS, refused, reset, timeout, proxy failure): always transient. */
export class OAuthNetworkError extends Error {
  override name = "OAuthNetworkError";
}

export interface OAuthHttpOptions {
  /** The undici dispatcher for a call (its proxy); undefined: a direct connection. */
  dispatcherFor?: (target: OAuthRoute & { url: string }) => Dispatcher | undefined;
  /** Per call, headers to body end. Default 30 s (Claude Code's own token timeout). */
  timeoutMs?: number;
  /** Larger answers are cut off and fail: no OAuth answer is anywhere near 1 MB. */
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export function createOAuthHttp(options: OAuthHttpOptions = {}): OAuthHttp {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async function sendOAuthRequest(oauthRequest: OAuthHttpRequest): Promise<OAuthHttpResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...oauthRequest.headers };
    let body: string | undefined;
    if (oauthRequest.form !== undefined) {
      body = new URLSearchParams(oauthRequest.form as Record<string, string>).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (oauthRequest.json !== undefined) {
      body = JSON.stringify(oauthRequest.json);
      headers["content-type"] = "application/json";
    }
    let dispatcher: Dispatcher | undefined;
    try {
      dispatcher = options.dispatcherFor?.({ ...oauthRequest.route, url: oauthRequest.url });
    } catch (error) {
      // A configured proxy that cannot be used fails the call (fail closed), never a direct connection.
      throw new OAuthNetworkError(`proxy unusable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(oauthRequest.url, {
        method: oauthRequest.method,
        headers,
        body,
        signal,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > maxBytes) {
          response.body.destroy();
          throw new OAuthNetworkError(`answer larger than ${maxBytes} bytes`);
        }
        chunks.push(buffer);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      return { status: response.statusCode, headers: response.headers, text, json: parseJson(text) };
    } catch (error) {
      if (error instanceof OAuthNetworkError) throw error;
      // The message names the failure class only: undici's errors can carry the URL, never a token, but keep it short.
      const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? (error as NodeJS.ErrnoException).code ?? error.name : "request failed";
      throw new OAuthNetworkError(`${hostOf(oauthRequest.url)}: ${reason}`);
    }
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid URL";
  }
}
