// The bench's reference pass-through proxy: node:http in front, an undici Pool behind, response bodies piped,
// request bodies passed as bytes, nothing parsed. The best a Node proxy can reasonably do; omniroute is measured against it.
//
//   node tester/.tmp/bench/minimal-proxy.mjs --port 0 --upstream http://127.0.0.1:9001
// First stdout line: `listening http://127.0.0.1:PORT`.

import http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { Pool } from "undici";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const upstream = argument("--upstream");
if (!upstream) {
  console.error("minimal-proxy: --upstream <origin> is required");
  process.exit(2);
}
const port = Number(argument("--port") ?? 0);
const host = argument("--host") ?? "127.0.0.1";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "host",
  "proxy-authorization",
]);

const pool = new Pool(new URL(upstream).origin, {
  connections: 256,
  pipelining: 1,
  keepAliveTimeout: 60_000,
});

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const name in headers) {
    if (HOP_BY_HOP.has(name)) continue;
    const value = headers[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}

const BUFFER_LIMIT = 1 << 20;
const BAD_GATEWAY = '{"error":{"message":"upstream unavailable","type":"proxy_error","param":null,"code":null}}';

function forward(request: IncomingMessage, response: ServerResponse, body: Buffer | IncomingMessage | null): void {
  pool.request(
    { path: request.url ?? "/", method: (request.method ?? "GET") as "GET", headers: forwardHeaders(request.headers), body },
    (error, data) => {
      if (error) {
        if (!response.headersSent) {
          response.writeHead(502, { "content-type": "application/json" });
          response.end(BAD_GATEWAY);
        } else {
          response.destroy();
        }
        return;
      }
      const headers: Record<string, string | string[]> = {};
      for (const name in data.headers) {
        if (name === "connection" || name === "keep-alive" || name === "transfer-encoding") continue;
        const value = data.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      response.writeHead(data.statusCode, headers);
      // .pipe() rather than stream.pipeline(): pipeline halves the throughput here (measured). Errors and
      // client disconnects are wired by hand: destroying the upstream body aborts the upstream request.
      const upstreamBody = data.body;
      upstreamBody.on("error", () => response.destroy());
      response.on("close", () => {
        if (!upstreamBody.readableEnded) upstreamBody.destroy();
      });
      upstreamBody.pipe(response);
    },
  );
}

const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const method = request.method ?? "GET";
  if (method === "GET" || method === "HEAD") {
    forward(request, response, null);
    request.resume();
    return;
  }
  const length = Number(request.headers["content-length"]);
  if (!(length >= 0 && length <= BUFFER_LIMIT)) {
    // Unknown or large body: stream it through.
    forward(request, response, request);
    return;
  }
  // Small body of known length: gather the bytes (no parsing) and send them in one write. Streaming an
  // IncomingMessage through undici costs ~40 % of the throughput for chat-sized bodies, and a gateway has to
  // read the whole body anyway, so this is the stronger (fairer) reference.
  const parts: Buffer[] = [];
  request.on("data", (part: Buffer) => parts.push(part));
  request.on("end", () => forward(request, response, parts.length === 1 ? parts[0]! : Buffer.concat(parts)));
  request.on("error", () => response.destroy());
});

server.listen(port, host, () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("minimal-proxy: unexpected address");
  process.stdout.write(`listening http://${host}:${address.port}\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
