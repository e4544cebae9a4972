// The bench's reference pass-through proxy: node:http in front, an undici Pool behind, bodies piped both ways,
// nothing parsed. The best a Node proxy can reasonably do; omniroute is measured against it.
//
//   node tester/.tmp/bench/minimal-proxy.mjs --port 0 --upstream http://127.0.0.1:9001
// First stdout line: `listening http://127.0.0.1:PORT`.

import http from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import { pipeline } from "node:stream";
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

const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const abort = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) abort.abort();
  });
  pool.request(
    {
      path: request.url ?? "/",
      method: method as "GET",
      headers: forwardHeaders(request.headers),
      body: hasBody ? request : null,
      signal: abort.signal,
    },
    (error, data) => {
      if (error) {
        if (!response.headersSent) {
          response.writeHead(502, { "content-type": "application/json" });
          response.end('{"error":{"message":"upstream unavailable","type":"proxy_error","param":null,"code":null}}');
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
      pipeline(data.body, response, () => {});
    },
  );
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
