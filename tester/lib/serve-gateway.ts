import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGateway, type Gateway } from "../../open-sse/src/gateway";
import type { GatewayPorts } from "../../open-sse/src/ports";

export interface ServedGateway {
  gateway: Gateway;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * The engine alone, in this process, behind a plain HTTP server on a free loopback port: for tests that need to
 * hand it a snapshot or read its usage rows directly, without the host (no build, no data dir). A logger that
 * drops everything is used unless one is given.
 */
export async function serveGateway(ports: Omit<GatewayPorts, "logger"> & Partial<Pick<GatewayPorts, "logger">>): Promise<ServedGateway> {
  const gateway = createGateway({ logger: { request: () => undefined, warn: () => undefined, error: () => undefined }, ...ports });
  const server = createServer((request, response) => gateway.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    gateway,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
    },
  };
}
