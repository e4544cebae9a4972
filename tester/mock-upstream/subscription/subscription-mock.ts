// One local server speaking the four subscription backends, each under its own base-URL prefix, as the accounts
// of an in-process gateway point at them:
//
//   claude-code   {origin}/claude       POST /claude/v1/messages?beta=true               (Anthropic Messages, OAuth)
//   codex         {origin}/backend-api/codex   POST …/responses                         (Codex Responses, always SSE)
//   gemini-cli    {origin}/cloudcode    POST /cloudcode/v1internal:generateContent | :streamGenerateContent?alt=sse
//   antigravity   {origin}/antigravity  POST /antigravity/v1internal:…                  (Antigravity envelope)
//
// Every request is recorded (path, headers, JSON body) for exact assertions; its bearer token must be one the
// mock accepts (else a 401 in the backend's own error shape); its shape must be what the backend requires
// (backend-checks.ts; else a 400 naming the problem). Scripted answers (a 429 with quota headers, a 5xx) are
// queued per flavour; the default answer is a text reply with the backend's quota headers.
import http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { badRequest, json, successAnswer, unauthorized, type Answer, type Backend } from "./backend-answers";
import { problemOf, type IncomingCall } from "./backend-checks";

export type Flavour = IncomingCall["flavour"];

export interface SubscriptionCall {
  flavour: Flavour;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  json: unknown;
  /** The status the mock answered with. */
  status: number;
}

/** A scripted answer for the next call of a flavour. */
export type Scenario = { kind: "status"; status: number; headers?: Record<string, string>; body: unknown } | { kind: "success"; headers?: Record<string, string> };

export interface SubscriptionMock {
  readonly origin: string;
  /** Account base URLs, as each executor takes them. */
  readonly baseUrls: Readonly<Record<Flavour, string>>;
  readonly calls: SubscriptionCall[];
  /** Bearer tokens the backends accept; any other is a 401. */
  acceptTokens(...tokens: string[]): void;
  enqueue(flavour: Flavour, ...scenarios: Scenario[]): void;
  /** Headers every successful answer of a flavour carries (the quota headers), replacing the defaults. */
  setSuccessHeaders(flavour: Flavour, headers: Record<string, string>): void;
  reset(): void;
  close(): Promise<void>;
}

const PREFIX: Record<Flavour, string> = {
  "claude-code": "/claude",
  codex: "/backend-api/codex",
  "gemini-cli": "/cloudcode",
  antigravity: "/antigravity",
};
const BACKEND: Record<Flavour, Backend> = { "claude-code": "claude-code", codex: "codex", "gemini-cli": "code-assist", antigravity: "code-assist" };

/** Quota headers of a plan with room left (shapes of real answers: see providers/quota/*.test.ts). */
export function defaultSuccessHeaders(flavour: Flavour, nowSeconds: number): Record<string, string> {
  if (flavour === "claude-code") {
    return {
      "anthropic-ratelimit-unified-status": "allowed",
      "anthropic-ratelimit-unified-5h-utilization": "0.25",
      "anthropic-ratelimit-unified-5h-reset": String(nowSeconds + 3 * 3600),
      "anthropic-ratelimit-unified-5h-status": "allowed",
      "anthropic-ratelimit-unified-7d-utilization": "0.4",
      "anthropic-ratelimit-unified-7d-reset": String(nowSeconds + 3 * 86_400),
      "anthropic-ratelimit-unified-7d-status": "allowed",
      "anthropic-ratelimit-unified-representative-claim": "five_hour",
    };
  }
  if (flavour === "codex") {
    return {
      "x-codex-primary-used-percent": "12.5",
      "x-codex-primary-window-minutes": "300",
      "x-codex-primary-reset-at": String(nowSeconds + 4 * 3600),
      "x-codex-secondary-used-percent": "30",
      "x-codex-secondary-window-minutes": "10080",
      "x-codex-secondary-reset-at": String(nowSeconds + 5 * 86_400),
    };
  }
  return {};
}

export async function startSubscriptionMock(options: { host?: string } = {}): Promise<SubscriptionMock> {
  const host = options.host ?? "127.0.0.1";
  const calls: SubscriptionCall[] = [];
  const queues = new Map<Flavour, Scenario[]>();
  const successHeaders = new Map<Flavour, Record<string, string>>();
  let tokens = new Set<string>();
  const sockets = new Set<Socket>();

  const server = http.createServer((request, response) => {
    void serve(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = request.url ?? "/";
    const flavour = (Object.keys(PREFIX) as Flavour[]).find((candidate) => url.startsWith(PREFIX[candidate]));
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      parsed = null;
    }
    if (flavour === undefined || request.method !== "POST") return send(response, json(404, { error: "no such route" }), undefined, request, parsed);
    const backend = BACKEND[flavour];
    const path = flavour === "codex" ? url : url.slice(PREFIX[flavour].length);
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    if (token === undefined || !tokens.has(token)) return send(response, unauthorized(backend), flavour, request, parsed);
    const problem = problemOf({ backend, flavour, path, headers: request.headers, json: parsed });
    if (problem !== undefined) return send(response, badRequest(backend, problem), flavour, request, parsed);
    const scenario = queues.get(flavour)?.shift() ?? { kind: "success" };
    if (scenario.kind === "status") return send(response, json(scenario.status, scenario.body, scenario.headers), flavour, request, parsed);
    const stream = flavour === "claude-code" ? (parsed as { stream?: unknown }).stream === true : path.includes("streamGenerateContent");
    const headers = { ...(successHeaders.get(flavour) ?? defaultSuccessHeaders(flavour, Math.floor(Date.now() / 1000))), ...scenario.headers };
    return send(response, successAnswer(backend, stream, headers), flavour, request, parsed);
  }

  function send(response: ServerResponse, answer: Answer, flavour: Flavour | undefined, request: IncomingMessage, parsed: unknown): void {
    if (flavour !== undefined) calls.push({ flavour, method: request.method ?? "", path: request.url ?? "", headers: request.headers, json: parsed, status: answer.status });
    response.writeHead(answer.status, answer.headers);
    for (const chunk of answer.chunks) response.write(chunk);
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrls: {
      "claude-code": `${origin}${PREFIX["claude-code"]}`,
      codex: `${origin}${PREFIX.codex}`,
      "gemini-cli": `${origin}${PREFIX["gemini-cli"]}`,
      antigravity: `${origin}${PREFIX.antigravity}`,
    },
    calls,
    acceptTokens(...accepted) {
      tokens = new Set(accepted);
    },
    enqueue(flavour, ...scenarios) {
      queues.set(flavour, [...(queues.get(flavour) ?? []), ...scenarios]);
    },
    setSuccessHeaders(flavour, headers) {
      successHeaders.set(flavour, headers);
    },
    reset() {
      calls.length = 0;
      queues.clear();
      successHeaders.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
