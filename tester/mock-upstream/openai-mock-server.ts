// A scriptable mock of the OpenAI Chat Completions wire protocol (POST /v1/chat/completions, GET /v1/models), and of
// POST /v1/embeddings, POST /v1/images/generations and Fireworks' FLUX workflow endpoint
// (POST /v1/workflows/<model>/text_to_image, answered with PNG bytes): their requests take queued scenarios too.
// In-process for integration tests (startOpenAiMock) and standalone for the bench (cli.ts).
// The default path is precomputed per model so that the mock is never the bottleneck of a benchmark.

import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  DEFAULT_CHUNKS,
  DEFAULT_TEXT,
  SSE_DONE,
  completionJson,
  defaultErrorForStatus,
  modelsList,
  openAiError,
  sseFrame,
  textStreamFrames,
  toolCallStreamFrames,
  toolCallsJson,
} from "./openai-chat-payloads";
import { embeddingsAnswer, imagesAnswer, TINY_PNG } from "./operation-payloads";

export type HeaderMap = Record<string, string>;

/** What the mock does with one chat completion request. */
export type MockScenario =
  /** A JSON answer with any status and body (object → JSON, string → as is). */
  | { kind: "json"; status?: number; headers?: HeaderMap; body: unknown }
  /** A text completion; SSE when the request streams (or `asSseEvenIfNotStreaming`), else JSON with `text`. */
  | { kind: "stream"; chunks?: number; delayMs?: number; text?: string; includeUsage?: boolean; asSseEvenIfNotStreaming?: boolean }
  /** An error status; body defaults to OpenAI's error shape for that status. Put `retry-after` in headers. */
  | { kind: "status"; status: number; headers?: HeaderMap; body?: unknown }
  /** Streams `chunks` frames (role chunk first) then destroys the socket: no finish chunk, no [DONE]. */
  | { kind: "close-after"; chunks: number }
  /** Sends headers and `afterChunks` frames, then goes silent until the client leaves. No afterChunks: sends nothing at all. */
  | { kind: "stall"; afterChunks?: number }
  /** Streams `afterChunks` frames (default 2), a `data: {not json` line, then the rest of the stream and [DONE]. */
  | { kind: "malformed-line"; afterChunks?: number }
  /** Exactly these bytes: status, headers, then each chunk (with delayMs between), then end. */
  | { kind: "raw"; status: number; headers: HeaderMap; chunks: string[]; delayMs?: number }
  /** Two parallel tool calls; SSE when the request streams (override with `stream`), else JSON. */
  | { kind: "tool-calls"; stream?: boolean; delayMs?: number }
  /** Replays a recorded response from ../shared/fixtures/upstream/openai-chat/<name>.json | .chunks.txt. */
  | { kind: "fixture"; name: string; stream?: boolean; delayMs?: number }
  /**
   * A long stream at a steady pace (TESTPLAN 14): one content chunk every `intervalMs` for `durationMs`, then the
   * finish chunk and [DONE]. Frames are made as they are sent, so a thousand such streams cost no memory up
   * front. With `stampTimes`, each chunk's text is `t=<epoch ms, µs precision>;` taken when it is written, so a
   * client can measure the latency every hop added.
   */
  | { kind: "paced"; intervalMs: number; durationMs: number; stampTimes?: boolean };

export type MockScenarioKind = MockScenario["kind"];

export interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Parsed JSON body, or null when absent or not JSON. */
  json: unknown;
  /** The scenario that answered it ("default" when none). */
  scenario: MockScenarioKind | "default" | "none";
  /** "finished" when the whole response was written, "aborted" when the connection went away first. */
  outcome: "pending" | "finished" | "aborted";
  receivedAt: number;
  closedAt?: number;
}

export interface OpenAiMockOptions {
  port?: number;
  host?: string;
  /** Record requests into `requests` (default true). The bench turns this off so memory stays flat. */
  record?: boolean;
  /** Model ids served by GET /v1/models. */
  models?: readonly string[];
  /**
   * Chat requests for these models get this scenario (after a header or queued scenario, before the default).
   * One process can then be a failing upstream on one model and a healthy one on the others, as the bench's
   * combo case needs (`always-503` → status 503, everything else → the precomputed answer).
   */
  modelScenarios?: Readonly<Record<string, MockScenario>>;
}

export interface OpenAiMock {
  /** Base URL as the OpenAI SDK takes it, e.g. http://127.0.0.1:PORT/v1 */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** The next chat completion request gets this scenario (FIFO). */
  enqueue(...scenarios: MockScenario[]): void;
  /** The scenario used when the queue is empty; undefined restores the built-in default. */
  setDefault(scenario: MockScenario | undefined): void;
  /** Clears the queue, the default scenario and the recorded requests. */
  reset(): void;
  /** Number of scenarios still queued. */
  pending(): number;
  /** Resolves once `predicate` holds for the recorded requests (polls every 5 ms), rejects after timeoutMs. */
  waitFor(predicate: (requests: RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

const DEFAULT_MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3-mini", "o4-mini"];
const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const FIXTURE_DIR = path.resolve(REPO_ROOT, "../shared/fixtures/upstream/openai-chat");
const MODEL_CACHE_LIMIT = 256;
const EMPTY_BODY = Buffer.alloc(0);

/** The repo root: the nearest ancestor holding tester/mock-upstream (works from a bundled copy too). */
function findRepoRoot(start: string): string {
  let directory = start;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(path.join(directory, "tester", "mock-upstream"))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return path.resolve(start, "../..");
}

interface RequestFacts {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

interface Precomputed {
  headers: string[];
  body: Buffer;
}

const SSE_HEADERS: HeaderMap = { "content-type": "text/event-stream", "cache-control": "no-cache" };

function jsonResponse(status: number, value: unknown, extraHeaders?: HeaderMap): { status: number; headers: HeaderMap; body: Buffer } {
  const body = Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
  return {
    status,
    headers: { "content-type": "application/json", "content-length": String(body.length), ...lowercaseKeys(extraHeaders) },
    body,
  };
}

function lowercaseKeys(headers: HeaderMap | undefined): HeaderMap {
  const result: HeaderMap = {};
  if (!headers) return result;
  for (const [key, value] of Object.entries(headers)) result[key.toLowerCase()] = value;
  return result;
}

function precompute(body: Buffer, contentType: string): Precomputed {
  return { headers: ["content-type", contentType, "content-length", String(body.length)], body };
}

function readFacts(json: unknown): RequestFacts {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { model: "gpt-4o", stream: false, includeUsage: false };
  const record = json as Record<string, unknown>;
  const model = typeof record.model === "string" && record.model.length > 0 ? record.model : "gpt-4o";
  const stream = record.stream === true;
  const options = record.stream_options;
  const includeUsage =
    stream && options !== null && typeof options === "object" && (options as Record<string, unknown>).include_usage === true;
  return { model, stream, includeUsage };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return null;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}

const fixtureCache = new Map<string, string | null>();

function readFixture(name: string, extension: ".json" | ".chunks.txt"): string | null {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.includes("..")) return null;
  const key = name + extension;
  if (!fixtureCache.has(key)) {
    let text: string | null;
    try {
      text = readFileSync(path.join(FIXTURE_DIR, key), "utf8");
    } catch {
      text = null;
    }
    fixtureCache.set(key, text);
  }
  return fixtureCache.get(key) ?? null;
}

export async function startOpenAiMock(options: OpenAiMockOptions = {}): Promise<OpenAiMock> {
  const host = options.host ?? "127.0.0.1";
  const record = options.record ?? true;
  const modelsBody = precompute(Buffer.from(JSON.stringify(modelsList(options.models ?? DEFAULT_MODELS))), "application/json");

  const queue: MockScenario[] = [];
  // A Map, so a model named like an Object.prototype key never picks up a "scenario".
  const modelScenarios = new Map<string, MockScenario>(Object.entries(options.modelScenarios ?? {}));
  let defaultScenario: MockScenario | undefined;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const jsonCache = new Map<string, Precomputed>();
  const streamCache = new Map<string, Precomputed>();

  function cached(cache: Map<string, Precomputed>, key: string, build: () => Precomputed): Precomputed {
    let entry = cache.get(key);
    if (entry === undefined) {
      if (cache.size >= MODEL_CACHE_LIMIT) cache.clear();
      entry = build();
      cache.set(key, entry);
    }
    return entry;
  }

  function later(callback: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, delayMs);
    timers.add(timer);
  }

  /** Writes frames with delayMs between them; then ends, destroys or stalls. Stops when the client is gone. */
  function writeFrames(
    response: ServerResponse,
    frames: readonly (string | Buffer)[],
    delayMs: number,
    then: "end" | "destroy" | "stall",
  ): void {
    const destroySoon = () => {
      // Headers may still sit in Node's buffer: give them a moment, then cut the connection.
      response.flushHeaders();
      later(() => response.socket?.destroy(), 20);
    };
    const writeLast = (frame: string | Buffer) => {
      if (then === "destroy") {
        // Destroy only once the frame has reached the kernel, so the client sees it before the reset.
        response.write(frame, () => response.socket?.destroy());
      } else {
        response.write(frame);
        if (then === "end") response.end();
      }
      // "stall": keep the socket open and silent; close() or the client ends it.
    };
    if (frames.length === 0) {
      if (then === "end") response.end();
      else if (then === "destroy") destroySoon();
      else response.flushHeaders();
      return;
    }
    if (delayMs <= 0) {
      response.cork();
      for (let index = 0; index < frames.length - 1; index++) response.write(frames[index]!);
      writeLast(frames[frames.length - 1]!);
      response.uncork();
      return;
    }
    let index = 0;
    const step = () => {
      if (response.destroyed || response.writableEnded) return;
      const frame = frames[index++]!;
      if (index === frames.length) {
        writeLast(frame);
        return;
      }
      response.write(frame);
      later(step, delayMs);
    };
    step();
  }

  function writePaced(response: ServerResponse, model: string, scenario: Extract<MockScenario, { kind: "paced" }>): void {
    const intervalMs = Math.max(1, scenario.intervalMs);
    const count = Math.max(1, Math.floor(scenario.durationMs / intervalMs));
    const created = Math.floor(Date.now() / 1000);
    const head = `data: {"id":"chatcmpl-paced","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
    response.writeHead(200, SSE_HEADERS);
    response.write(`${head}{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
    let sent = 0;
    const step = () => {
      if (response.destroyed || response.writableEnded) return;
      if (sent === count) {
        response.end(`${head}{},"finish_reason":"stop"}]}\n\n${SSE_DONE}`);
        return;
      }
      sent += 1;
      const text = scenario.stampTimes === true ? `t=${(performance.timeOrigin + performance.now()).toFixed(3)};` : "tick ";
      response.write(`${head}{"content":"${text}"},"finish_reason":null}]}\n\n`);
      later(step, intervalMs);
    };
    later(step, intervalMs);
  }

  function sendPlain(response: ServerResponse, status: number, headers: HeaderMap, body: Buffer): void {
    response.writeHead(status, headers);
    response.end(body);
  }

  function sendError(response: ServerResponse, status: number, message: string, type: string, code: string | null): void {
    const reply = jsonResponse(status, openAiError(message, type, code));
    sendPlain(response, reply.status, reply.headers, reply.body);
  }

  function runScenario(scenario: MockScenario, facts: RequestFacts, response: ServerResponse): void {
    switch (scenario.kind) {
      case "json": {
        const reply = jsonResponse(scenario.status ?? 200, scenario.body, scenario.headers);
        sendPlain(response, reply.status, reply.headers, reply.body);
        return;
      }
      case "status": {
        const reply = jsonResponse(scenario.status, scenario.body ?? defaultErrorForStatus(scenario.status), scenario.headers);
        sendPlain(response, reply.status, reply.headers, reply.body);
        return;
      }
      case "stream": {
        const text = scenario.text ?? DEFAULT_TEXT;
        if (!facts.stream && !scenario.asSseEvenIfNotStreaming) {
          const reply = jsonResponse(200, completionJson(facts.model, text));
          sendPlain(response, reply.status, reply.headers, reply.body);
          return;
        }
        const includeUsage = scenario.includeUsage ?? facts.includeUsage;
        const frames = textStreamFrames(facts.model, text, scenario.chunks ?? DEFAULT_CHUNKS, includeUsage);
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, frames, scenario.delayMs ?? 0, "end");
        return;
      }
      case "close-after": {
        const count = Math.max(0, scenario.chunks);
        if (!facts.stream) {
          // A JSON body cut short: announce the full length, send part of it, then reset.
          const full = Buffer.from(JSON.stringify(completionJson(facts.model, DEFAULT_TEXT)));
          response.writeHead(200, { "content-type": "application/json", "content-length": String(full.length) });
          const part = full.subarray(0, Math.min(full.length - 1, Math.floor(full.length / 2)));
          writeFrames(response, count > 0 ? [part] : [], 0, "destroy");
          return;
        }
        const frames = textStreamFrames(facts.model, DEFAULT_TEXT, Math.max(DEFAULT_CHUNKS, count), facts.includeUsage);
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, frames.slice(0, count), 0, "destroy");
        return;
      }
      case "stall": {
        if (scenario.afterChunks === undefined) return; // Nothing at all, not even headers.
        if (!facts.stream) {
          response.writeHead(200, { "content-type": "application/json" });
          writeFrames(response, [], 0, "stall");
          return;
        }
        const count = Math.max(0, scenario.afterChunks);
        const frames = textStreamFrames(facts.model, DEFAULT_TEXT, Math.max(DEFAULT_CHUNKS, count), facts.includeUsage);
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, frames.slice(0, count), 0, "stall");
        return;
      }
      case "malformed-line": {
        const frames = textStreamFrames(facts.model, DEFAULT_TEXT, DEFAULT_CHUNKS, facts.includeUsage);
        const at = Math.min(Math.max(0, scenario.afterChunks ?? 2), frames.length - 1);
        frames.splice(at, 0, "data: {not json\n\n");
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, frames, 0, "end");
        return;
      }
      case "raw": {
        response.writeHead(scenario.status, lowercaseKeys(scenario.headers));
        writeFrames(response, scenario.chunks, scenario.delayMs ?? 0, "end");
        return;
      }
      case "tool-calls": {
        const stream = scenario.stream ?? facts.stream;
        if (!stream) {
          const reply = jsonResponse(200, toolCallsJson(facts.model));
          sendPlain(response, reply.status, reply.headers, reply.body);
          return;
        }
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, toolCallStreamFrames(facts.model, facts.includeUsage), scenario.delayMs ?? 0, "end");
        return;
      }
      case "fixture": {
        const stream = scenario.stream ?? facts.stream;
        const text = readFixture(scenario.name, stream ? ".chunks.txt" : ".json");
        if (text === null) {
          sendError(response, 500, `mock: no fixture ${scenario.name}${stream ? ".chunks.txt" : ".json"} in ${FIXTURE_DIR}`, "mock_error", "fixture_missing");
          return;
        }
        if (!stream) {
          const body = Buffer.from(text);
          sendPlain(response, 200, { "content-type": "application/json", "content-length": String(body.length) }, body);
          return;
        }
        const frames = text
          .split("\n")
          .filter((line) => line.trim().length > 0)
          .map((line) => sseFrame(line));
        frames.push(SSE_DONE);
        response.writeHead(200, SSE_HEADERS);
        writeFrames(response, frames, scenario.delayMs ?? 0, "end");
        return;
      }
      case "paced": {
        writePaced(response, facts.model, scenario);
        return;
      }
      default: {
        const unknownKind = (scenario as { kind?: unknown }).kind;
        sendError(response, 400, `mock: unknown scenario kind ${String(unknownKind)}`, "mock_error", "unknown_scenario");
      }
    }
  }

  function answerDefault(facts: RequestFacts, response: ServerResponse): void {
    if (facts.stream) {
      const key = facts.includeUsage ? `u:${facts.model}` : `n:${facts.model}`;
      const entry = cached(streamCache, key, () =>
        precompute(Buffer.from(textStreamFrames(facts.model, DEFAULT_TEXT, DEFAULT_CHUNKS, facts.includeUsage).join("")), "text/event-stream"),
      );
      response.writeHead(200, entry.headers);
      response.end(entry.body);
      return;
    }
    const entry = cached(jsonCache, facts.model, () =>
      precompute(Buffer.from(JSON.stringify(completionJson(facts.model, DEFAULT_TEXT))), "application/json"),
    );
    response.writeHead(200, entry.headers);
    response.end(entry.body);
  }

  function handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const url = request.url ?? "/";
    const queryAt = url.indexOf("?");
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const method = request.method ?? "GET";
    // Other wire protocols' generation paths are answered from the same script (with `raw`, `json` or `status`
    // scenarios), so one scriptable mock can stand in for an Anthropic, Responses or Gemini upstream too.
    const isChat =
      method === "POST" &&
      (pathname === "/v1/chat/completions" ||
        pathname === "/chat/completions" ||
        pathname === "/v1/messages" ||
        pathname === "/v1/messages/count_tokens" ||
        pathname === "/v1/responses" ||
        pathname === "/responses" ||
        pathname.startsWith("/v1beta/models/"));

    const isEmbeddings = method === "POST" && (pathname === "/v1/embeddings" || pathname === "/embeddings");
    const isImages = method === "POST" && (pathname === "/v1/images/generations" || pathname === "/images/generations");
    const isFireworksImage = method === "POST" && pathname.includes("/workflows/") && pathname.endsWith("/text_to_image");
    const isOperation = isEmbeddings || isImages || isFireworksImage;

    let json: unknown = null;
    if (isChat || isOperation || record) json = parseJson(body);

    let entry: RecordedRequest | undefined;
    if (record) {
      entry = { method, path: url, headers: request.headers, body, json, scenario: "none", outcome: "pending", receivedAt: Date.now() };
      requests.push(entry);
      const recorded = entry;
      response.once("close", () => {
        recorded.outcome = response.writableFinished ? "finished" : "aborted";
        recorded.closedAt = Date.now();
      });
    }

    if (isChat) {
      let scenario: MockScenario | undefined;
      const headerScenario = request.headers["x-mock-scenario"];
      if (typeof headerScenario === "string" && headerScenario.length > 0) {
        try {
          scenario = JSON.parse(headerScenario) as MockScenario;
        } catch {
          sendError(response, 400, "mock: x-mock-scenario is not valid JSON", "mock_error", "bad_scenario_header");
          return;
        }
      }
      const facts = readFacts(json);
      if (scenario === undefined) {
        scenario = queue.shift() ?? (modelScenarios.size === 0 ? undefined : modelScenarios.get(facts.model)) ?? defaultScenario;
      }
      if (entry) entry.scenario = scenario?.kind ?? "default";
      if (scenario) {
        runScenario(scenario, facts, response);
        return;
      }
      if (json === null) {
        sendError(response, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
        return;
      }
      answerDefault(facts, response);
      return;
    }

    if (isOperation) {
      // Scripted answers (status, json, raw, stall, close-after) work here as for chat; the default is the real shape.
      const scenario = queue.shift() ?? defaultScenario;
      if (entry) entry.scenario = scenario?.kind ?? "default";
      if (scenario) {
        runScenario(scenario, readFacts(json), response);
        return;
      }
      if (json === null || typeof json !== "object" || Array.isArray(json)) {
        sendError(response, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
        return;
      }
      const request = json as Record<string, unknown>;
      if (isFireworksImage) {
        if (typeof request.prompt !== "string") {
          sendError(response, 400, "prompt is required", "invalid_request_error", null);
          return;
        }
        response.writeHead(200, { "content-type": "image/png", "content-length": String(TINY_PNG.length), "finish-reason": "SUCCESS", seed: "42" });
        response.end(TINY_PNG);
        return;
      }
      // OpenAI's own 400s for a body without the required field.
      const required = isEmbeddings ? "input" : "prompt";
      if (request[required] === undefined) {
        sendError(response, 400, `'${required}' is a required property`, "invalid_request_error", null);
        return;
      }
      const reply = jsonResponse(200, isEmbeddings ? embeddingsAnswer(request) : imagesAnswer(request, Date.now()));
      sendPlain(response, reply.status, reply.headers, reply.body);
      return;
    }

    if (method === "GET" && (pathname === "/v1/models" || pathname === "/models")) {
      response.writeHead(200, modelsBody.headers);
      response.end(modelsBody.body);
      return;
    }

    sendError(response, 404, `Invalid URL (${method} ${pathname})`, "invalid_request_error", null);
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      const body = parts.length === 0 ? EMPTY_BODY : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      handle(request, response, body);
    });
    request.on("error", () => response.destroy());
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
  if (address === null || typeof address === "string") throw new Error("mock: unexpected server address");
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const origin = `http://${hostInUrl}:${address.port}`;

  let closing: Promise<void> | undefined;

  return {
    url: `${origin}/v1`,
    origin,
    port: address.port,
    requests,
    enqueue(...scenarios) {
      queue.push(...scenarios);
    },
    setDefault(scenario) {
      defaultScenario = scenario;
    },
    reset() {
      queue.length = 0;
      defaultScenario = undefined;
      requests.length = 0;
    },
    pending() {
      return queue.length;
    },
    async waitFor(predicate, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline) throw new Error(`mock: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
