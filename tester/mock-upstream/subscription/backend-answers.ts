// What each subscription backend answers, in its real envelope. Claude and Gemini answers replay recorded API
// responses (../shared/fixtures/upstream, read at test time); the Code Assist ones wrapped as Code Assist wraps
// them ({"response": …, "traceId": …}, gemini-cli code_assist/converter.ts). The Codex stream is built here in the
// shape of a recorded OpenAI Responses stream (openai-responses/*.chunks.txt): created, in_progress, output item
// and content part, text deltas, done events, completed with usage.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Backend = "claude-code" | "codex" | "code-assist";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** SSE events (already framed) or one JSON body. */
  chunks: string[];
}

const FIXTURES = path.resolve(repoRoot(path.dirname(fileURLToPath(import.meta.url))), "../shared/fixtures/upstream");

function repoRoot(start: string): string {
  let directory = start;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(path.join(directory, "tester", "mock-upstream"))) return directory;
    directory = path.dirname(directory);
  }
  return start;
}

function fixtureLines(file: string): string[] {
  return readFileSync(path.join(FIXTURES, file), "utf8").split("\n").filter((line) => line.trim() !== "");
}

/**
 * Text every default answer of a backend begins with, streamed or not (the recorded streamed and JSON answers
 * differ after these words).
 */
export const ANSWER_TEXT: Record<Backend, string> = {
  "claude-code": "Hello! I'm doing well, thank",
  codex: "Hello from Codex.",
  "code-assist": "There are **3**",
};

export function successAnswer(backend: Backend, stream: boolean, quotaHeaders: Record<string, string>): Answer {
  const headers = { ...quotaHeaders, "content-type": stream ? "text/event-stream" : "application/json" };
  switch (backend) {
    case "claude-code":
      return stream
        ? { status: 200, headers, chunks: fixtureLines("claude/anthropic-text.chunks.txt").map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`) }
        : { status: 200, headers, chunks: [readFileSync(path.join(FIXTURES, "claude/anthropic-text.json"), "utf8")] };
    case "codex":
      // The Codex backend only streams (the executor always asks it to).
      return { status: 200, headers: { ...quotaHeaders, "content-type": "text/event-stream" }, chunks: codexStream("Hello from Codex.") };
    case "code-assist": {
      if (!stream) {
        const response = JSON.parse(readFileSync(path.join(FIXTURES, "gemini/google-text.json"), "utf8")) as unknown;
        return { status: 200, headers, chunks: [JSON.stringify({ response, traceId: "trace-mock-1" })] };
      }
      return {
        status: 200,
        headers,
        chunks: fixtureLines("gemini/google-text.chunks.txt").map((line) => `data: {"response":${line},"traceId":"trace-mock-1"}\r\n\r\n`),
      };
    }
  }
}

/** An OpenAI Responses stream as the Codex backend sends it (event names and shapes of a recorded stream). */
function codexStream(text: string): string[] {
  const id = "resp_mock_codex_1";
  const itemId = "msg_mock_codex_1";
  const response = (status: string, extra: Record<string, unknown> = {}) => ({ id, object: "response", created_at: 1765552663, status, model: "gpt-5.2-codex", output: [], ...extra });
  const words = text.split(/(?<= )/);
  const events: Record<string, unknown>[] = [
    { type: "response.created", response: response("in_progress") },
    { type: "response.in_progress", response: response("in_progress") },
    { type: "response.output_item.added", output_index: 0, item: { id: itemId, type: "message", status: "in_progress", content: [], role: "assistant" } },
    { type: "response.content_part.added", item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", annotations: [], text: "" } },
    ...words.map((delta) => ({ type: "response.output_text.delta", item_id: itemId, output_index: 0, content_index: 0, delta })),
    { type: "response.output_text.done", item_id: itemId, output_index: 0, content_index: 0, text },
    { type: "response.content_part.done", item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", annotations: [], text } },
    { type: "response.output_item.done", output_index: 0, item: { id: itemId, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", annotations: [], text }] } },
    {
      type: "response.completed",
      response: response("completed", {
        output: [{ id: itemId, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", annotations: [], text }] }],
        usage: { input_tokens: 21, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 26 },
      }),
    },
  ];
  return events.map((event, index) => `event: ${event.type as string}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`);
}

/** A refused credential, in each backend's own error shape. */
export function unauthorized(backend: Backend): Answer {
  switch (backend) {
    case "claude-code":
      return json(401, { type: "error", error: { type: "authentication_error", message: "OAuth token has expired. Please obtain a new token or refresh your existing token." } });
    case "codex":
      return json(401, { error: { message: "Provided authentication token is expired. Please try signing in again.", type: "invalid_request_error", code: "token_expired" } });
    case "code-assist":
      return json(401, { error: { code: 401, message: "Request had invalid authentication credentials. Expected OAuth 2 access token.", status: "UNAUTHENTICATED" } });
  }
}

/** The request broke the backend's contract: a 400 naming the problem (so a test failure says what was wrong). */
export function badRequest(backend: Backend, problem: string): Answer {
  const message = `mock ${backend}: ${problem}`;
  if (backend === "claude-code") return json(400, { type: "error", error: { type: "invalid_request_error", message } });
  if (backend === "codex") return json(400, { error: { message, type: "invalid_request_error" } });
  return json(400, { error: { code: 400, message, status: "INVALID_ARGUMENT" } });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...headers, "content-type": "application/json" }, chunks: [typeof body === "string" ? body : JSON.stringify(body)] };
}
