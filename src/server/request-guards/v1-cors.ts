import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * CORS for `/v1` only, for browser SDK clients. Off by default: no origin is allowed until the operator lists
 * it in `server.cors.origins` (`"*"` must be written explicitly). `/api` never gets CORS headers: the
 * dashboard is same-origin by construction.
 */
export interface CorsSettings {
  origins: readonly string[];
}

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const DEFAULT_ALLOWED_HEADERS = "authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta, x-request-id";
const EXPOSED_HEADERS = "x-request-id, retry-after";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/** The value for Access-Control-Allow-Origin, or undefined when this origin is not allowed. */
export function allowedCorsOrigin(origin: string | undefined, settings: CorsSettings | undefined): string | undefined {
  if (origin === undefined || settings === undefined || settings.origins.length === 0) return undefined;
  if (settings.origins.includes("*")) return "*";
  const normalized = origin.toLowerCase().replace(/\/$/, "");
  return settings.origins.some((allowed) => allowed.toLowerCase().replace(/\/$/, "") === normalized) ? origin : undefined;
}

export function isCorsPreflight(request: IncomingMessage): boolean {
  return request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;
}

/** Answers an `OPTIONS /v1/*` preflight: 204 with the CORS headers when the origin is allowed, else 403. */
export function answerCorsPreflight(request: IncomingMessage, response: ServerResponse, settings: CorsSettings | undefined): void {
  const allowOrigin = allowedCorsOrigin(request.headers.origin, settings);
  if (allowOrigin === undefined) {
    const body = JSON.stringify({ error: { message: "CORS origin not allowed", type: "invalid_request_error", param: null, code: "cors_origin_not_allowed" } });
    response.writeHead(403, { "content-type": "application/json", "content-length": Buffer.byteLength(body), vary: "Origin" });
    response.end(body);
    return;
  }
  const requestedHeaders = request.headers["access-control-request-headers"];
  response.writeHead(204, {
    "access-control-allow-origin": allowOrigin,
    "access-control-allow-methods": ALLOWED_METHODS,
    // Echoing what the browser asks for is safe here: the credential is the client key, checked by the gateway.
    "access-control-allow-headers": typeof requestedHeaders === "string" && /^[\w\-, ]+$/.test(requestedHeaders) ? requestedHeaders : DEFAULT_ALLOWED_HEADERS,
    "access-control-max-age": PREFLIGHT_MAX_AGE_SECONDS,
    vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
  });
  response.end();
}

/** On an actual (non-preflight) /v1 request from an allowed origin: lets the browser read the response. */
export function applyCorsResponseHeaders(request: IncomingMessage, response: ServerResponse, settings: CorsSettings | undefined): void {
  const allowOrigin = allowedCorsOrigin(request.headers.origin, settings);
  if (allowOrigin === undefined) return;
  response.setHeader("access-control-allow-origin", allowOrigin);
  response.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  response.setHeader("vary", "Origin");
}
