// One local server speaking the five backends of the second subscription issue, each under its own prefix so a
// test points each provider's base URL at `${mock.url}/<prefix>`:
//   /github   api.github.com's Copilot token exchange and quota user endpoint
//   /copilot  the Copilot API (chat completions, responses, models)   — copilot-routes.ts
//   /iflow/v1 iFlow's chat completions; /qwen/v1 Qwen Code's           — openai-compatible-routes.ts
//   /kiro     CodeWhisperer generateAssistantResponse (event-stream)    — kiro-cursor-routes.ts
//   /cursor   Cursor's Connect/protobuf chat                             — kiro-cursor-routes.ts
// Every request is recorded; `queue(provider, scenario)` makes that provider's next request answer a scenario.

import http from "node:http";
import type { Socket } from "node:net";

import { copilotRoute, githubRoute, type CopilotMockState } from "./copilot-routes";
import { cursorRoute, kiroRoute, type KiroCursorMockState } from "./kiro-cursor-routes";
import type { MockReply, MockRequest, ScenarioName } from "./mock-reply";
import { iflowRoute, qwenRoute, type OpenAiCompatibleMockState } from "./openai-compatible-routes";

export type MockProvider = "github" | "copilot" | "iflow" | "qwen" | "kiro" | "cursor";

export interface RecordedSubscriptionRequest extends MockRequest {
  provider: MockProvider;
  scenario: ScenarioName;
}

export interface SubscriptionIiMockOptions {
  port?: number;
  host?: string;
  githubToken?: string;
  iflowApiKey?: string;
  requireIflowSignature?: boolean;
  qwenAccessToken?: string;
  kiroAccessToken?: string;
  cursorAccessToken?: string;
  /** Epoch seconds the Copilot token expiries are stamped from; defaults to the wall clock. */
  nowSeconds?: () => number;
}

export interface SubscriptionIiMock {
  url: string;
  requests: RecordedSubscriptionRequest[];
  /** Copilot tokens the exchange issued so far. */
  copilotTokens(): readonly string[];
  queue(provider: MockProvider, scenario: ScenarioName): void;
  close(): Promise<void>;
}

const PREFIXES: ReadonlyArray<[string, MockProvider]> = [
  ["/github", "github"],
  ["/copilot", "copilot"],
  ["/iflow/v1", "iflow"],
  ["/qwen/v1", "qwen"],
  ["/kiro", "kiro"],
  ["/cursor", "cursor"],
];

export async function startSubscriptionIiMock(options: SubscriptionIiMockOptions = {}): Promise<SubscriptionIiMock> {
  const requests: RecordedSubscriptionRequest[] = [];
  const queued = new Map<MockProvider, ScenarioName[]>();
  const sockets = new Set<Socket>();
  const copilot: CopilotMockState = {
    githubToken: options.githubToken ?? "ghu_mock_github_token",
    issuedTokens: [],
    baseUrl: "",
    nowSeconds: options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
  };
  const compatible: OpenAiCompatibleMockState = {
    iflowApiKey: options.iflowApiKey ?? "sk-iflow-mock-key",
    requireIflowSignature: options.requireIflowSignature ?? false,
    qwenAccessToken: options.qwenAccessToken ?? "qwen-mock-access-token",
  };
  const kiroCursor: KiroCursorMockState = {
    kiroAccessToken: options.kiroAccessToken ?? "aoa-kiro-mock-access-token",
    cursorAccessToken: options.cursorAccessToken ?? "cursor-mock-access-token",
  };

  const route = (provider: MockProvider, request: MockRequest, scenario: ScenarioName): MockReply => {
    switch (provider) {
      case "github":
        return githubRoute(copilot, request, scenario);
      case "copilot":
        return copilotRoute(copilot, request, scenario);
      case "iflow":
        return iflowRoute(compatible, request, scenario);
      case "qwen":
        return qwenRoute(compatible, request, scenario);
      case "kiro":
        return kiroRoute(kiroCursor, request, scenario);
      case "cursor":
        return cursorRoute(kiroCursor, request, scenario);
    }
  };

  const server = http.createServer((incoming, outgoing) => {
    const parts: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => parts.push(chunk));
    incoming.on("end", () => {
      const url = incoming.url ?? "/";
      const match = PREFIXES.find(([prefix]) => url === prefix || url.startsWith(`${prefix}/`));
      if (match === undefined) {
        outgoing.writeHead(404, { "content-type": "application/json" }).end('{"error":"unknown prefix"}');
        return;
      }
      const [prefix, provider] = match;
      const body = Buffer.concat(parts);
      const request: MockRequest = { method: incoming.method ?? "GET", path: url.slice(prefix.length) || "/", headers: incoming.headers, body, json: parseJson(body) };
      const scenario = queued.get(provider)?.shift() ?? "default";
      requests.push({ ...request, provider, scenario });
      void write(outgoing, route(provider, request, scenario));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("mock did not bind a TCP port");
  const url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  copilot.baseUrl = url;

  return {
    url,
    requests,
    copilotTokens: () => copilot.issuedTokens,
    queue(provider, scenario) {
      queued.set(provider, [...(queued.get(provider) ?? []), scenario]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function write(outgoing: http.ServerResponse, reply: MockReply): Promise<void> {
  outgoing.writeHead(reply.status, reply.headers);
  for (const [index, chunk] of reply.chunks.entries()) {
    outgoing.write(chunk);
    // Separate writes reach the client as separate chunks more often than not: streams are read piecewise.
    await new Promise((resolve) => setImmediate(resolve));
    if (reply.cutAfter !== undefined && index + 1 >= reply.cutAfter) {
      outgoing.socket?.destroy();
      return;
    }
  }
  outgoing.end();
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
