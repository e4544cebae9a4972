// A recording reverse proxy between a client and omniroute. The client is pointed at the tap, the tap forwards
// every byte to omniroute and streams the answer back unchanged, keeping a copy of each request: that copy is
// "what the client meant", compared with what the upstream mock received.

import http from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";

export interface TappedRequest {
  method: string;
  /** Path with query string, as the client sent it. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; null when absent or not JSON. */
  body: unknown;
  /** Status omniroute answered with (0 until the answer started). */
  status: number;
  /** Omniroute's answer, as the client received it. */
  responseText: string;
}

export interface ClientTap {
  /** http://127.0.0.1:PORT — the base URL handed to clients in place of omniroute's. */
  readonly origin: string;
  readonly requests: TappedRequest[];
  /** Resolves once every answer forwarded so far has ended. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function startClientTap(targetOrigin: string): Promise<ClientTap> {
  const target = new URL(targetOrigin);
  const requests: TappedRequest[] = [];
  const pending = new Set<Promise<void>>();
  const sockets = new Set<Socket>();

  const server = http.createServer((request, response) => {
    const done = new Promise<void>((resolve) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        const record: TappedRequest = {
          method: request.method ?? "",
          path: request.url ?? "/",
          headers: request.headers,
          body: parseJson(body.toString("utf8")),
          status: 0,
          responseText: "",
        };
        requests.push(record);
        const headers = { ...request.headers, host: target.host, "content-length": String(body.length) };
        delete headers["transfer-encoding"];
        const upstream = http.request(
          { host: target.hostname, port: target.port, method: request.method, path: request.url, headers },
          (answer) => {
            record.status = answer.statusCode ?? 0;
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.on("data", (chunk: Buffer) => {
              record.responseText += chunk.toString("utf8");
              response.write(chunk);
            });
            answer.on("end", () => {
              response.end();
              resolve();
            });
            answer.on("error", () => {
              response.destroy();
              resolve();
            });
          },
        );
        upstream.on("error", (error) => {
          record.status = 502;
          if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
          response.end(`client tap: ${error.message}`);
          resolve();
        });
        // A client that hangs up mid-stream must not leave the forwarded request running.
        response.on("close", () => {
          if (!response.writableFinished) upstream.destroy();
          resolve();
        });
        upstream.end(body);
      });
      request.on("error", () => resolve());
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("client tap has no TCP address");

  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    async settled() {
      await Promise.all([...pending]);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
