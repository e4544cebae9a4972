// A mock upstream that speaks the four provider wire protocols the gateway calls (OpenAI Chat Completions,
// OpenAI Responses, Anthropic Messages, Gemini generateContent) by replaying recorded provider traffic from
// ../shared/fixtures/upstream/<folder>/<name>.{json,chunks.txt}.
//
// The model the gateway sends (body `model`, or the Gemini path segment) names the fixture. The gateway forwards
// the model string but not arbitrary headers, so per-request framing options ride on the model name as `~` suffixes:
//   openai-text~crlf~split3~comments~sse
//     crlf      CRLF line endings instead of LF
//     splitN    write the body in N-byte pieces, flushing between pieces (split lines, split UTF-8); see writeInPieces
//     comments  SSE comment / keep-alive lines between and inside events
//     json|sse  serve that recorded form whatever the request asked for (default: the form the request asked for
//               when it exists, otherwise the one that exists)
//     segmentN  a recording that holds several back-to-back Responses streams: replay the N-th (default 1)
//     tag-XYZ   ignored; lets a caller find its own request among the recorded ones
//
// Anthropic's `POST /v1/messages/count_tokens` has no recording: it answers COUNT_TOKENS_ANSWER, a number no
// tokenizer would give for the conformance prompts, so a caller can tell the upstream's count from an estimate.

import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A fixture folder, which is also the wire protocol of its recordings. */
export type UpstreamProtocol = "openai-chat" | "openai-responses" | "claude" | "gemini";

export interface FramingOptions {
  crlf: boolean;
  /** Bytes per write; 0 = the whole body in one write. */
  splitBytes: number;
  comments: boolean;
  /** Force a recorded form instead of the one the request asked for. */
  form: "json" | "sse" | null;
  /** 1-based index of the stream to replay from a recording of several. */
  segment: number;
  tag: string | null;
}

export interface FixtureModel {
  /** The fixture's file name without extension, e.g. `anthropic-json-tool.1`. */
  name: string;
  framing: FramingOptions;
}

export interface ReplayedRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; null when absent or not JSON. */
  body: unknown;
  protocol: UpstreamProtocol | null;
  /** The model string as the gateway sent it (suffixes included). */
  model: string | null;
  fixture: string | null;
  /** The `~tag-XYZ` of the model, for callers running requests side by side. */
  tag: string | null;
  streamRequested: boolean;
  /** What the mock answered with. */
  served: "json" | "sse" | "error" | "not-found";
  status: number;
}

export interface WireReplayServer {
  /** http://127.0.0.1:PORT — Anthropic and Gemini base URL as their SDKs take it. */
  readonly origin: string;
  /** http://127.0.0.1:PORT/v1 — OpenAI-style base URL. */
  readonly openAiBaseUrl: string;
  readonly requests: ReplayedRequest[];
  /** Forgets the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface WireReplayOptions {
  /** Defaults to ../shared/fixtures/upstream relative to the repo root. */
  fixturesRoot?: string;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_FIXTURES_ROOT = path.resolve(REPO_ROOT, "../shared/fixtures/upstream");

/** Recorded bodies that are provider error answers, with the status the provider sent them with. */
const ERROR_FIXTURE_STATUS: Record<string, number> = { "google-429-retry-info": 429 };

/** What `POST /v1/messages/count_tokens` answers as `input_tokens`. */
export const COUNT_TOKENS_ANSWER = 4321;

const RESPONSES_TERMINAL_TYPES = new Set(["response.completed", "response.failed", "response.incomplete"]);
const MAX_FLUSHES = 2_000;

const NO_FRAMING: FramingOptions = { crlf: false, splitBytes: 0, comments: false, form: null, segment: 1, tag: null };

/** Splits `name~opt~opt` into the fixture name and its framing options; throws on an unknown option. */
export function parseFixtureModel(model: string): FixtureModel {
  const [name = "", ...options] = model.split("~");
  const framing: FramingOptions = { ...NO_FRAMING };
  for (const option of options) {
    const split = /^split(\d+)$/.exec(option);
    const segment = /^segment(\d+)$/.exec(option);
    if (option === "crlf") framing.crlf = true;
    else if (option === "comments") framing.comments = true;
    else if (option === "json" || option === "sse") framing.form = option;
    else if (split) framing.splitBytes = Math.max(1, Number(split[1]));
    else if (segment) framing.segment = Math.max(1, Number(segment[1]));
    else if (option.startsWith("tag-")) framing.tag = option.slice(4);
    else throw new Error(`unknown framing option "${option}" in model "${model}"`);
  }
  return { name, framing };
}

/** The event type of one recorded line; a line that is not valid JSON (recordings have some) is read leniently. */
export function eventTypeOf(line: string): string {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === "object" && typeof (value as { type?: unknown }).type === "string") {
      return (value as { type: string }).type;
    }
  } catch {
    const match = /"type"\s*:\s*"([^"]+)"/.exec(line);
    if (match) return match[1]!;
  }
  return "message";
}

/** The recorded lines of one stream: a Responses recording of several calls is cut at each terminal event. */
export function selectSegment(protocol: UpstreamProtocol, lines: string[], segment: number): string[] {
  if (protocol !== "openai-responses") return lines;
  const segments: string[][] = [[]];
  for (const line of lines) {
    segments[segments.length - 1]!.push(line);
    if (RESPONSES_TERMINAL_TYPES.has(eventTypeOf(line))) segments.push([]);
  }
  const complete = segments.filter((part) => part.length > 0);
  return complete[Math.min(segment, complete.length) - 1] ?? [];
}

/** The SSE bytes a provider sends for these recorded lines, with the requested framing. */
export function frameSse(protocol: UpstreamProtocol, lines: string[], framing: Pick<FramingOptions, "crlf" | "comments">): string {
  const events: string[] = [];
  lines.forEach((line, index) => {
    const fields: string[] = [];
    if (protocol === "claude" || protocol === "openai-responses") fields.push(`event: ${eventTypeOf(line)}`);
    // Comments both as their own "event" (a keep-alive) and inside an event, alternating: both are legal SSE.
    if (framing.comments && index % 2 === 1) fields.push(": inside-event comment");
    fields.push(`data: ${line}`);
    if (framing.comments) events.push(index % 2 === 0 ? ": keep-alive" : ":ping");
    events.push(fields.join("\n"));
  });
  if (protocol === "openai-chat") events.push("data: [DONE]");
  const text = events.map((event) => `${event}\n\n`).join("");
  return framing.crlf ? text.replace(/\n/g, "\r\n") : text;
}

function protocolOf(method: string, pathname: string): { protocol: UpstreamProtocol; geminiModel?: string; geminiStream?: boolean; countTokens?: boolean } | null {
  if (method !== "POST") return null;
  if (pathname === "/v1/messages/count_tokens") return { protocol: "claude", countTokens: true };
  if (pathname === "/v1/chat/completions" || pathname === "/chat/completions") return { protocol: "openai-chat" };
  if (pathname === "/v1/responses" || pathname === "/responses") return { protocol: "openai-responses" };
  if (pathname === "/v1/messages") return { protocol: "claude" };
  const gemini = /^\/v1(?:beta|alpha)?\/models\/(.+):(generateContent|streamGenerateContent)$/.exec(pathname);
  if (gemini) return { protocol: "gemini", geminiModel: decodeURIComponent(gemini[1]!), geminiStream: gemini[2] === "streamGenerateContent" };
  return null;
}

function errorBody(protocol: UpstreamProtocol | null, status: number, message: string): string {
  if (protocol === "claude") return JSON.stringify({ type: "error", error: { type: status === 404 ? "not_found_error" : "invalid_request_error", message } });
  if (protocol === "gemini") return JSON.stringify({ error: { code: status, message, status: status === 404 ? "NOT_FOUND" : "INVALID_ARGUMENT" } });
  return JSON.stringify({ error: { message, type: "invalid_request_error", code: status === 404 ? "model_not_found" : null } });
}

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Writes `body` in pieces of `size` bytes, each its own write (its own chunk on the wire), letting the event loop
 * run between pieces so they leave separately. A long body gets at most MAX_FLUSHES turns of the event loop
 * (then a few pieces go out back to back): a 100 KB recording in 3-byte pieces would otherwise take seconds.
 */
async function writeInPieces(response: ServerResponse, body: Buffer, size: number): Promise<void> {
  const pieces = Math.ceil(body.length / size);
  const piecesPerFlush = Math.max(1, Math.ceil(pieces / MAX_FLUSHES));
  for (let piece = 0; piece < pieces; piece++) {
    if (response.destroyed) return;
    const flushed = response.write(body.subarray(piece * size, (piece + 1) * size));
    if (!flushed) await new Promise((resolve) => response.once("drain", resolve));
    else if (piece % piecesPerFlush === piecesPerFlush - 1) await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function startWireReplayServer(options: WireReplayOptions = {}): Promise<WireReplayServer> {
  const fixturesRoot = options.fixturesRoot ?? DEFAULT_FIXTURES_ROOT;
  const requests: ReplayedRequest[] = [];
  const sockets = new Set<Socket>();

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const body = parseJson(rawBody);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const route = protocolOf(request.method ?? "GET", url.pathname);
    const record: ReplayedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body,
      protocol: route?.protocol ?? null,
      model: null,
      fixture: null,
      tag: null,
      streamRequested: false,
      served: "not-found",
      status: 404,
    };
    requests.push(record);

    const send = (status: number, contentType: string, payload: string) => {
      record.status = status;
      response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(payload) });
      response.end(payload);
    };

    if (!route) return send(404, "application/json", errorBody(null, 404, `no route for ${request.method} ${url.pathname}`));
    const bodyRecord = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    const model = route.geminiModel ?? (typeof bodyRecord.model === "string" ? bodyRecord.model : "");
    record.model = model;
    record.streamRequested = route.protocol === "gemini" ? route.geminiStream === true : bodyRecord.stream === true;

    let parsed: FixtureModel;
    try {
      parsed = parseFixtureModel(model);
    } catch (error) {
      return send(400, "application/json", errorBody(route.protocol, 400, (error as Error).message));
    }
    if (!/^[A-Za-z0-9_.-]+$/.test(parsed.name) || parsed.name.includes("..")) {
      return send(404, "application/json", errorBody(route.protocol, 404, `no fixture named "${parsed.name}"`));
    }
    record.fixture = parsed.name;
    record.tag = parsed.framing.tag;
    if (route.countTokens === true) {
      record.served = "json";
      return send(200, "application/json", JSON.stringify({ input_tokens: COUNT_TOKENS_ANSWER }));
    }
    const base = path.join(fixturesRoot, route.protocol, parsed.name);
    const json = readFileOrNull(`${base}.json`);
    const chunks = readFileOrNull(`${base}.chunks.txt`);
    const wanted = parsed.framing.form ?? (record.streamRequested ? "sse" : "json");
    const form = wanted === "sse" ? (chunks !== null ? "sse" : json !== null ? "json" : null) : json !== null ? "json" : chunks !== null ? "sse" : null;
    if (form === null) return send(404, "application/json", errorBody(route.protocol, 404, `no fixture named "${parsed.name}" for ${route.protocol}`));

    if (form === "json") {
      const status = ERROR_FIXTURE_STATUS[parsed.name] ?? 200;
      record.served = status === 200 ? "json" : "error";
      return send(status, "application/json", json!);
    }

    record.served = "sse";
    record.status = 200;
    const lines = selectSegment(route.protocol, chunks!.split(/\r?\n/).filter((line) => line.trim().length > 0), parsed.framing.segment);
    const payload = Buffer.from(frameSse(route.protocol, lines, parsed.framing));
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (parsed.framing.splitBytes > 0) await writeInPieces(response, payload, parsed.framing.splitBytes);
    else response.write(payload);
    response.end();
  }

  const server = http.createServer({ noDelay: true }, (request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `mock failure: ${(error as Error).message}` } }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("wire replay server has no TCP address");
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    origin,
    openAiBaseUrl: `${origin}/v1`,
    requests,
    reset() {
      requests.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** True when the shared recordings are present (they live outside the repository). */
export function fixturesAvailable(root = DEFAULT_FIXTURES_ROOT): boolean {
  return existsSync(path.join(root, "README.md"));
}
