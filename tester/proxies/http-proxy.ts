// A real local HTTP proxy for tests and the bench: CONNECT tunnels (what clients use for https targets) and plain
// absolute-URI forwarding (http targets), with optional Basic proxy authentication. It records what went through
// it, so a test can say which proxy carried a request. Small on purpose: no caching, no keep-alive tricks beyond
// what node:http does.

import http from "node:http";
import net from "node:net";
import type { Socket } from "node:net";

export interface ProxiedExchange {
  kind: "connect" | "forward";
  /** `host:port` for CONNECT, the absolute URL for forwards. */
  target: string;
  /** True when the request carried the expected credentials (or none were required). */
  authorized: boolean;
}

export interface TestHttpProxy {
  /** e.g. http://127.0.0.1:PORT (with `user:pass@` when credentials are required and `withCredentials` is asked). */
  readonly url: string;
  readonly port: number;
  /** Every CONNECT and forwarded request, refused ones included (with `authorized: false`); empty without `record`. */
  readonly exchanges: ProxiedExchange[];
  /** How many of each went through since the last reset (kept even without `record`). */
  readonly counts: { forward: number; connect: number };
  /** The proxy URL with the credentials in it. */
  urlWithCredentials(): string;
  reset(): void;
  close(): Promise<void>;
}

export interface HttpProxyOptions {
  host?: string;
  /** Require `Proxy-Authorization: Basic` with these; absent: open proxy. */
  credentials?: { username: string; password: string };
  /** Record exchanges (default true); the bench turns it off. */
  record?: boolean;
  /** A path answered by the proxy itself (not proxied) with `{forward, connect}` counts, for a proxy in another process. */
  statsPath?: string;
  port?: number;
}

export async function startHttpProxy(options: HttpProxyOptions = {}): Promise<TestHttpProxy> {
  const host = options.host ?? "127.0.0.1";
  const record = options.record ?? true;
  const exchanges: ProxiedExchange[] = [];
  const counts = { forward: 0, connect: 0 };
  const sockets = new Set<Socket>();
  const expected = options.credentials === undefined ? undefined : `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`;
  const authorized = (header: string | undefined) => expected === undefined || header === expected;
  const note = (exchange: ProxiedExchange) => {
    counts[exchange.kind]++;
    if (record) exchanges.push(exchange);
  };

  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const target = request.url ?? "";
    if (options.statsPath !== undefined && target === options.statsPath) {
      const body = JSON.stringify(counts);
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    const ok = authorized(request.headers["proxy-authorization"]);
    note({ kind: "forward", target, authorized: ok });
    if (!ok) {
      response.writeHead(407, { "proxy-authenticate": 'Basic realm="test-proxy"', "content-length": "0" });
      response.end();
      return;
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      response.writeHead(400, { "content-length": "0" });
      response.end();
      return;
    }
    const headers = { ...request.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = http.request({ host: url.hostname, port: url.port || 80, path: url.pathname + url.search, method: request.method, headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(502, { "content-length": "0" });
      response.end();
    });
    response.on("close", () => upstream.destroy());
    request.pipe(upstream);
  });

  server.on("connect", (request: http.IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? "";
    const ok = authorized(request.headers["proxy-authorization"]);
    note({ kind: "connect", target, authorized: ok });
    if (!ok) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const colon = target.lastIndexOf(":");
    const targetHost = target.slice(0, colon).replace(/^\[|\]$/g, "");
    const targetPort = Number(target.slice(colon + 1));
    const upstream = net.connect(targetPort, targetHost, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy: unexpected address");
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    exchanges,
    counts,
    urlWithCredentials() {
      if (options.credentials === undefined) return url;
      const { username, password } = options.credentials;
      return `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${address.port}`;
    },
    reset() {
      exchanges.length = 0;
      counts.forward = 0;
      counts.connect = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
