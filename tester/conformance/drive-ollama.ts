// The Ollama client (`POST /v1/api/chat`): no official SDK is installed, so it is driven the way Ollama clients
// (Open WebUI, editors with an Ollama backend) talk to it — plain fetch, `stream` true or false, and for streams
// an NDJSON reader that accumulates the `message` of every line until the `done: true` line.

import { asArray, asRecord, numberOrNull, NO_USAGE } from "./expected-outcome";
import type { JsonRecord, NormalUsage, ToolCallValue } from "./expected-outcome";
import { USER_PROMPT, observedError } from "./client-outcome";
import type { ClientDriver, ObservedOutcome } from "./client-outcome";
import { readNdjson } from "./read-ndjson";

/** An Ollama answer accumulated from its lines (or its one object), with the fields of the final line. */
export interface OllamaAnswer {
  content: string;
  thinking: string;
  toolCalls: Array<{ id: string | null; name: string; arguments: unknown }>;
  /** The tool call objects exactly as the lines carried them (what a client keeps in its history). */
  rawToolCalls: unknown[];
  /** The final object (`done: true`), or null when none came. */
  final: JsonRecord | null;
  /** An `{"error": …}` line, when one came. */
  error: string | null;
}

export function emptyOllamaAnswer(): OllamaAnswer {
  return { content: "", thinking: "", toolCalls: [], rawToolCalls: [], final: null, error: null };
}

/** Adds one object of an Ollama answer (a stream line, or the whole non-streaming body). */
export function accumulateOllama(answer: OllamaAnswer, object: JsonRecord): void {
  if (typeof object.error === "string") {
    answer.error = object.error;
    return;
  }
  const message = asRecord(object.message);
  if (typeof message.content === "string") answer.content += message.content;
  if (typeof message.thinking === "string") answer.thinking += message.thinking;
  for (const call of asArray(message.tool_calls).map(asRecord)) {
    answer.rawToolCalls.push(call);
    const fn = asRecord(call.function);
    answer.toolCalls.push({ id: typeof call.id === "string" ? call.id : null, name: String(fn.name), arguments: fn.arguments ?? {} });
  }
  if (object.done === true) answer.final = object;
}

/** Ollama's counts: prompt_eval_count is every prompt token, eval_count every generated one. */
export function normaliseOllamaUsage(final: JsonRecord | null): NormalUsage {
  if (final === null) return NO_USAGE;
  return { ...NO_USAGE, inputTokens: numberOrNull(final.prompt_eval_count), outputTokens: numberOrNull(final.eval_count) };
}

export function ollamaOutcome(answer: OllamaAnswer): ObservedOutcome {
  if (answer.error !== null) return { kind: "error", status: null, message: answer.error };
  if (answer.final === null) return { kind: "error", status: null, message: "the stream ended without a done: true line" };
  const toolCalls: ToolCallValue[] = answer.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }));
  return {
    kind: "answer",
    text: answer.content,
    reasoningText: answer.thinking,
    toolCalls,
    finish: String(answer.final.done_reason ?? "<none>"),
    usage: normaliseOllamaUsage(answer.final),
    rawUsage: { prompt_eval_count: answer.final.prompt_eval_count, eval_count: answer.final.eval_count },
  };
}

/** Reads an Ollama `/api/chat` NDJSON stream line by line. */
export async function readOllamaResponse(response: Response): Promise<{ answer: OllamaAnswer; malformed: string[] }> {
  const answer = emptyOllamaAnswer();
  const malformed: string[] = [];
  if (response.body === null) return { answer, malformed: ["no body"] };
  for await (const line of readNdjson(response.body)) {
    if (line.ok) accumulateOllama(answer, asRecord(line.value));
    else malformed.push(line.text.slice(0, 120));
  }
  return { answer, malformed };
}

export function ollamaTools(names: string[]): JsonRecord[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => ({ type: "function", function: { name, description: `the ${name} tool`, parameters: { type: "object", additionalProperties: true } } }));
}

export const driveOllama: ClientDriver = async (request) => {
  const tools = ollamaTools(request.toolNames);
  const body = { model: request.model, messages: [{ role: "user", content: USER_PROMPT }], stream: request.stream, ...(tools ? { tools } : {}) };
  try {
    const response = await request.fetch(`${request.gatewayUrl}/v1/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${request.apiKey}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (response.status !== 200) {
      const text = await response.text();
      const message = asRecord(safeJson(text)).error;
      return { kind: "error", status: response.status, message: typeof message === "string" ? message : text.slice(0, 500) };
    }
    if (!request.stream) {
      const answer = emptyOllamaAnswer();
      accumulateOllama(answer, asRecord(JSON.parse(await response.text())));
      return ollamaOutcome(answer);
    }
    const { answer, malformed } = await readOllamaResponse(response);
    if (malformed.length > 0) return { kind: "error", status: null, message: `lines that are not JSON: ${malformed.join(" | ")}` };
    return ollamaOutcome(answer);
  } catch (error) {
    return observedError(error);
  }
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
