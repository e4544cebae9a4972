// The upstream the gateway talks to in client tests: a recording front for the wire replay mock. It keeps what
// the gateway sent exactly as sent (real model names included), and lets real model names answer: the replay
// mock picks its recording by model name, so a model that is not a recording's name (`claude-sonnet-4-5`,
// `gpt-5`, `gemini-2.5-pro`) is replayed as that protocol's text recording. Real names matter because the
// gateway treats known models specially (thinking budgets clamped to the model, parameters a model refuses
// dropped), and that is what the request-integrity checks look at.

import { existsSync } from "node:fs";
import http from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";

import { DEFAULT_FIXTURES_ROOT } from "../mock-upstream/wire-replay-server";
import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";

export interface UpstreamRequest {
  method: string;
  /** Path with query string, as the gateway sent it. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body as the gateway sent it; null when absent or not JSON. */
  body: unknown;
  protocol: UpstreamProtocol | null;
  /** The model as the gateway sent it (body `model`, or the Gemini path segment). */
  model: string | null;
  /** The recording replayed for it. */
  fixture: string | null;
  status: number;
}

export interface UpstreamFront {
  /** http://127.0.0.1:PORT — Anthropic / Gemini base URL. */
  readonly origin: string;
  /** http://127.0.0.1:PORT/v1 — OpenAI-style base URL. */
  readonly openAiBaseUrl: string;
  readonly requests: UpstreamRequest[];
  close(): Promise<void>;
}

/** The recording each protocol answers with when the model is not a recording's name. */
export const DEFAULT_TEXT_FIXTURE: Record<UpstreamProtocol, string> = {
  "openai-chat": "openai-text",
  "openai-responses": "lmstudio-basic.1",
  claude: "anthropic-text",
  gemini: "google-text",
};

function routeOf(method: string, pathname: string): { protocol: UpstreamProtocol; geminiModel?: string } | null {
  if (method !== "POST") return null;
  if (pathname === "/v1/chat/completions") return { protocol: "openai-chat" };
  if (pathname === "/v1/responses") return { protocol: "openai-responses" };
  if (pathname === "/v1/messages") return { protocol: "claude" };
  const gemini = /^\/v1(?:beta|alpha)?\/models\/(.+):(?:generateContent|streamGenerateContent)$/.exec(pathname);
  if (gemini) return { protocol: "gemini", geminiModel: decodeURIComponent(gemini[1]!) };
  return null;
}

function isRecording(protocol: UpstreamProtocol, name: string, root: string): boolean {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return false;
  return existsSync(path.join(root, protocol, `${name}.json`)) || existsSync(path.join(root, protocol, `${name}.chunks.txt`));
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function startUpstreamFront(replayOrigin: string, fixturesRoot = DEFAULT_FIXTURES_ROOT): Promise<UpstreamFront> {
  const replay = new URL(replayOrigin);
  const requests: UpstreamRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = parseJson(raw);
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const route = routeOf(request.method ?? "", url.pathname);
      const bodyRecord = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
      const model = route?.geminiModel ?? (typeof bodyRecord?.model === "string" ? bodyRecord.model : null);
      const record: UpstreamRequest = { method: request.method ?? "", path: request.url ?? "/", headers: request.headers, body, protocol: route?.protocol ?? null, model, fixture: null, status: 0 };
      requests.push(record);

      let forwardPath = request.url ?? "/";
      let forwardBody = raw;
      if (route && model !== null) {
        const fixture = isRecording(route.protocol, model, fixturesRoot) ? model : DEFAULT_TEXT_FIXTURE[route.protocol];
        record.fixture = fixture;
        if (route.protocol === "gemini") forwardPath = forwardPath.replace(/\/models\/[^?]+:/, `/models/${fixture}:`);
        else if (bodyRecord) forwardBody = JSON.stringify({ ...bodyRecord, model: fixture });
      }
      const headers = { ...request.headers, host: replay.host, "content-length": String(Buffer.byteLength(forwardBody)) };
      delete headers["transfer-encoding"];
      const forward = http.request({ host: replay.hostname, port: replay.port, method: request.method, path: forwardPath, headers }, (answer) => {
        record.status = answer.statusCode ?? 0;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forward.on("error", (error) => {
        record.status = 502;
        if (!response.headersSent) response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: `upstream front: ${error.message}` } }));
      });
      response.on("close", () => {
        if (!response.writableFinished) forward.destroy();
      });
      forward.end(forwardBody);
    });
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
  if (address === null || typeof address === "string") throw new Error("upstream front has no TCP address");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    openAiBaseUrl: `${origin}/v1`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
