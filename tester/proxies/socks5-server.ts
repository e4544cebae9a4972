// A real local SOCKS5 server (RFC 1928, CONNECT only) with optional user/password authentication (RFC 1929), for
// tests: it records every tunnel it opened, so a test can say which proxy carried a request.

import net from "node:net";
import type { Socket } from "node:net";

export interface Socks5Tunnel {
  /** The target as the client named it (a domain name, or an IP literal). */
  host: string;
  port: number;
  /** The user name the client authenticated as; null without authentication. */
  username: string | null;
}

export interface TestSocks5Server {
  /** socks5://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly tunnels: Socks5Tunnel[];
  /** Connection attempts refused during authentication. */
  readonly refusedLogins: number;
  /**
   * Bytes clients sent through open tunnels since the last reset. Tunnels are kept alive and reused by pooling
   * clients, so a second request may open no new tunnel: this counter still shows it went through here.
   */
  readonly bytesRelayed: number;
  urlWithCredentials(): string;
  reset(): void;
  close(): Promise<void>;
}

export interface Socks5Options {
  host?: string;
  credentials?: { username: string; password: string };
}

const VERSION = 0x05;
const NO_AUTH = 0x00;
const USER_PASS = 0x02;
const NO_ACCEPTABLE = 0xff;

export async function startSocks5Server(options: Socks5Options = {}): Promise<TestSocks5Server> {
  const host = options.host ?? "127.0.0.1";
  const tunnels: Socks5Tunnel[] = [];
  const sockets = new Set<Socket>();
  let refusedLogins = 0;
  let bytesRelayed = 0;

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: "greeting" | "auth" | "request" | "piping" = "greeting";
    let username: string | null = null;

    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (stage === "greeting") {
          if (buffer.length < 2) return;
          const count = buffer[1]!;
          if (buffer.length < 2 + count) return;
          const methods = [...buffer.subarray(2, 2 + count)];
          buffer = buffer.subarray(2 + count);
          const wanted = options.credentials === undefined ? NO_AUTH : USER_PASS;
          if (!methods.includes(wanted)) {
            client.end(Buffer.from([VERSION, NO_ACCEPTABLE]));
            refusedLogins++;
            return;
          }
          client.write(Buffer.from([VERSION, wanted]));
          stage = wanted === USER_PASS ? "auth" : "request";
          continue;
        }
        if (stage === "auth") {
          if (buffer.length < 2) return;
          const userLength = buffer[1]!;
          if (buffer.length < 3 + userLength) return;
          const passLength = buffer[2 + userLength]!;
          if (buffer.length < 3 + userLength + passLength) return;
          const user = buffer.subarray(2, 2 + userLength).toString("utf8");
          const pass = buffer.subarray(3 + userLength, 3 + userLength + passLength).toString("utf8");
          buffer = buffer.subarray(3 + userLength + passLength);
          const ok = user === options.credentials?.username && pass === options.credentials?.password;
          if (!ok) {
            refusedLogins++;
            client.end(Buffer.from([0x01, 0x01]));
            return;
          }
          username = user;
          client.write(Buffer.from([0x01, 0x00]));
          stage = "request";
          continue;
        }
        if (stage === "request") {
          if (buffer.length < 5) return;
          const command = buffer[1]!;
          const addressType = buffer[3]!;
          let targetHost: string;
          let offset: number;
          if (addressType === 0x01) {
            if (buffer.length < 10) return;
            targetHost = [...buffer.subarray(4, 8)].join(".");
            offset = 8;
          } else if (addressType === 0x03) {
            const length = buffer[4]!;
            if (buffer.length < 5 + length + 2) return;
            targetHost = buffer.subarray(5, 5 + length).toString("utf8");
            offset = 5 + length;
          } else if (addressType === 0x04) {
            if (buffer.length < 22) return;
            const groups: string[] = [];
            for (let index = 0; index < 8; index++) groups.push(buffer.readUInt16BE(4 + index * 2).toString(16));
            targetHost = groups.join(":");
            offset = 20;
          } else {
            client.end(Buffer.from([VERSION, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
            return;
          }
          const targetPort = buffer.readUInt16BE(offset);
          const rest = buffer.subarray(offset + 2);
          buffer = Buffer.alloc(0);
          if (command !== 0x01) {
            client.end(Buffer.from([VERSION, 0x07, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
            return;
          }
          stage = "piping";
          client.off("data", onData);
          tunnels.push({ host: targetHost, port: targetPort, username });
          const upstream = net.connect(targetPort, targetHost, () => {
            client.write(Buffer.from([VERSION, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
            if (rest.length > 0) upstream.write(rest);
            bytesRelayed += rest.length;
            client.on("data", (data: Buffer) => (bytesRelayed += data.length));
            upstream.pipe(client);
            client.pipe(upstream);
          });
          sockets.add(upstream);
          upstream.on("close", () => sockets.delete(upstream));
          upstream.on("error", () => {
            if (!client.destroyed) client.end(Buffer.from([VERSION, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          });
          client.on("error", () => upstream.destroy());
          return;
        }
        return;
      }
    };
    client.on("data", onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("socks5: unexpected address");
  const url = `socks5://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    tunnels,
    get refusedLogins() {
      return refusedLogins;
    },
    get bytesRelayed() {
      return bytesRelayed;
    },
    urlWithCredentials() {
      if (options.credentials === undefined) return url;
      const { username, password } = options.credentials;
      return `socks5://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${address.port}`;
    },
    reset() {
      tunnels.length = 0;
      refusedLogins = 0;
      bytesRelayed = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
