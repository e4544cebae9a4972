import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { METRICS_CONTENT_TYPE } from "./gateway-metrics";

export const METRICS_PATH = "/metrics";

export function isMetricsPath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?", 1)[0];
  return path === METRICS_PATH;
}

export interface MetricsHandlerOptions {
  render: () => string;
  /**
   * When set (METRICS_TOKEN), scrapers must send `Authorization: Bearer <token>`; compared timing-safe. When
   * unset, the server puts /metrics behind the dashboard session guard instead.
   */
  token?: string | undefined;
}

/** Serves GET/HEAD /metrics for the node server (which owns routing); answers everything itself. */
export function createMetricsHandler(options: MetricsHandlerOptions) {
  const expected = options.token ? digest(options.token) : undefined;
  return function handleMetrics(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      response.end("Method not allowed.\n");
      return;
    }
    if (expected !== undefined) {
      const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
        response.writeHead(401, { "www-authenticate": 'Bearer realm="omniroute-metrics"', "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
        response.end("Send the metrics token as 'Authorization: Bearer <token>'.\n");
        return;
      }
    }
    let body: string;
    try {
      body = options.render();
    } catch {
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Metrics are unavailable.\n");
      return;
    }
    response.writeHead(200, { "content-type": METRICS_CONTENT_TYPE, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    response.end(method === "HEAD" ? undefined : body);
  };
}

/** Equal-length inputs for timingSafeEqual whatever the presented token's length. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
