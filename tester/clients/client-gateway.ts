// One omniroute for a client test file: the real built server, its four upstream formats all served by the
// wire replay mock, a required client key (so each client's own auth header is exercised), and a recording tap
// in front of it so a test sees both what the client sent and what reached the upstream.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { startOmniroute } from "../lib/start-omniroute";
import type { OmnirouteProcess } from "../lib/start-omniroute";
import { startWireReplayServer } from "../mock-upstream/wire-replay-server";
import type { WireReplayServer } from "../mock-upstream/wire-replay-server";
import { startClientTap } from "./client-tap";
import type { ClientTap, TappedRequest } from "./client-tap";
import { startUpstreamFront } from "./upstream-front";
import type { UpstreamFront, UpstreamRequest } from "./upstream-front";

/** The omniroute client key every client in these tests uses. */
export const CLIENT_KEY = "omr-client-tests-key-0123456789abcdef";
/** The provider key of every upstream account; the mock sees it in the provider's own auth header. */
export const UPSTREAM_KEY = "sk-upstream-account-key-for-client-tests";

export interface GatewayRouting {
  /** Names clients send by default, mapped to `<provider>/<model>` (routing.aliases). */
  aliases?: Record<string, string>;
  /** Where names that resolve nowhere go (routing.defaultRoute). */
  defaultRoute?: string;
}

/** What crossed the gateway since a checkpoint: the client's requests and the upstream's. */
export interface Exchange {
  client: TappedRequest[];
  upstream: UpstreamRequest[];
}

export interface ClientGateway {
  /** The tap's origin: what clients use as omniroute's address. */
  readonly url: string;
  readonly upstream: UpstreamFront;
  readonly tap: ClientTap;
  readonly omniroute: OmnirouteProcess;
  /** A checkpoint; `since(checkpoint)` returns what crossed afterwards. Tests in a file run one at a time. */
  checkpoint(): number[];
  /** With OMNIROUTE_CLIENT_TESTS_DUMP=DIR, also writes the exchange to DIR/<label>.json (evidence for reports). */
  since(checkpoint: number[], label?: string): Promise<Exchange>;
  close(): Promise<void>;
}

export function gatewayConfig(mock: { origin: string; openAiBaseUrl: string }, routing: GatewayRouting = {}): unknown {
  const accounts = [{ name: "mock", apiKey: UPSTREAM_KEY }];
  return {
    server: { requireApiKey: true },
    apiKeys: [{ name: "client-tests", key: CLIENT_KEY }],
    security: { allowLocalUpstreams: true },
    // A CLI's first-turn prompt is large (Claude Code ~80 KB); generous timeouts keep a loaded 2-core CI box green.
    limits: { firstByteTimeoutMs: 60_000, idleTimeoutMs: 60_000 },
    providers: [
      { id: "up-chat", type: "openai-compatible", apiFormat: "chat", baseUrl: mock.openAiBaseUrl, accounts },
      { id: "up-responses", type: "openai-compatible", apiFormat: "responses", baseUrl: mock.openAiBaseUrl, accounts },
      { id: "up-claude", type: "anthropic-compatible", baseUrl: mock.origin, accounts },
      { id: "gemini", accounts: [{ name: "mock", apiKey: UPSTREAM_KEY, baseUrl: mock.origin }] },
    ],
    ...(routing.aliases !== undefined || routing.defaultRoute !== undefined
      ? { routing: { ...(routing.aliases ? { aliases: routing.aliases } : {}), ...(routing.defaultRoute ? { defaultRoute: routing.defaultRoute } : {}) } }
      : {}),
  };
}

export async function startClientGateway(routing: GatewayRouting = {}): Promise<ClientGateway> {
  const replay: WireReplayServer = await startWireReplayServer();
  const upstream = await startUpstreamFront(replay.origin);
  let omniroute: OmnirouteProcess;
  try {
    // The first start of a stale checkout builds the server: allow for it.
    omniroute = await startOmniroute({ config: gatewayConfig(upstream, routing), timeoutMs: 180_000 });
  } catch (error) {
    await upstream.close();
    await replay.close();
    throw error;
  }
  const tap = await startClientTap(omniroute.url);
  return {
    url: tap.origin,
    upstream,
    tap,
    omniroute,
    checkpoint: () => [tap.requests.length, upstream.requests.length],
    async since([clientCount = 0, upstreamCount = 0], label) {
      await tap.settled();
      const exchange = { client: tap.requests.slice(clientCount), upstream: upstream.requests.slice(upstreamCount) };
      const dumpDir = process.env.OMNIROUTE_CLIENT_TESTS_DUMP;
      if (dumpDir && label) {
        mkdirSync(dumpDir, { recursive: true });
        writeFileSync(path.join(dumpDir, `${label.replace(/[^A-Za-z0-9_.-]+/g, "_")}.json`), JSON.stringify(exchange, null, 1));
      }
      return exchange;
    },
    async close() {
      await tap.close();
      await omniroute.dispose();
      await upstream.close();
      await replay.close();
    },
  };
}
