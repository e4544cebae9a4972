// What a route of the subscription-II mock answers: status, headers and body chunks written in order (a stream is
// several chunks; `cutAfter` destroys the socket after that many chunks, as a dropped connection would).

export interface MockReply {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
  cutAfter?: number;
}

export interface MockRequest {
  method: string;
  /** Path with query, relative to the provider's prefix (`/chat/completions`). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Parsed JSON body, or undefined when not JSON. */
  json: unknown;
}

/** A scenario name queued for a provider's next request (`mock.queue("kiro", "corrupt-crc")`); "default" otherwise. */
export type ScenarioName = string;

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): MockReply {
  return { status, headers: { "content-type": "application/json", ...headers }, chunks: [Buffer.from(JSON.stringify(value))] };
}

export function sseReply(events: readonly unknown[], headers: Record<string, string> = {}, done = true): MockReply {
  const chunks = events.map((event) => Buffer.from(`data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`));
  if (done) chunks.push(Buffer.from("data: [DONE]\n\n"));
  return { status: 200, headers: { "content-type": "text/event-stream", ...headers }, chunks };
}

/** A named-event SSE stream (OpenAI Responses: `event: response.created`). */
export function namedSseReply(events: ReadonlyArray<{ event: string; data: unknown }>, headers: Record<string, string> = {}): MockReply {
  const chunks = events.map(({ event, data }) => Buffer.from(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  return { status: 200, headers: { "content-type": "text/event-stream", ...headers }, chunks };
}

export function headerOf(request: MockRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerOf(request: MockRequest): string | undefined {
  const value = headerOf(request, "authorization");
  return value?.startsWith("Bearer ") ? value.slice("Bearer ".length) : undefined;
}

export function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The text of an OpenAI Chat request's last user message (string or text parts). */
export function lastUserText(json: unknown): string {
  const messages = fieldOf(json, "messages");
  if (!Array.isArray(messages)) return "";
  const last = [...messages].reverse().find((message) => fieldOf(message, "role") === "user");
  const content = fieldOf(last, "content");
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof fieldOf(part, "text") === "string" ? (fieldOf(part, "text") as string) : "")).join("");
  return "";
}
