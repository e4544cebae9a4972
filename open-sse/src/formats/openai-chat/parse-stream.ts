import type { StreamEvent, StreamParser } from "../../core/stream-event";
import { ThinkTagSplitter, type ThinkTagPiece } from "../../core/think-tag-splitter";
import { finishReasonFromChat } from "./chat-finish-reason";
import { fieldOf, isJsonObject, tryParseJson, type JsonObject } from "../shared/json-fields";
import { fallbackCallId } from "./parse-response";
import { readCompletionUsage } from "./read-completion-usage";

interface ToolCallState {
  /** Canonical index: the order the call started in. */
  index: number;
  id: string;
  name: string | undefined;
  /** tool-call-start was emitted (it waits for the name). */
  started: boolean;
  /** Argument text received before the name was known. */
  pendingArguments: string;
}

const TRUNCATED = "The upstream stream ended before the response was complete.";

/**
 * OpenAI Chat SSE (`data: {chat.completion.chunk}` … `data: [DONE]`) → canonical stream events.
 *
 * What compatible providers do differently, and how it is read:
 * - Tool calls: OpenAI sends `index`, with id and name in the first fragment only; Groq and Mistral send a
 *   whole call in one chunk; Mistral sends no `index` (calls are told apart by id); some repeat id and name
 *   on every fragment. Calls are renumbered 0, 1, … in the order they appear, and all end at the finish.
 * - Reasoning: `delta.reasoning_content` (DeepSeek, xAI, Qwen) or `delta.reasoning` (OpenRouter, Groq), or
 *   inline `<think>…</think>` at the start of the content (split by core/think-tag-splitter.ts).
 * - Usage: in the finish chunk (DeepSeek, Mistral, Groq), or in a last chunk with empty `choices` after it
 *   (OpenAI `include_usage`, xAI); a usage after the finish is passed on as a late usage event.
 * - `{"error": {…}}` in the stream (OpenAI, OpenRouter mid-stream failures) → a terminal error event.
 * The stream is complete at `[DONE]` or a finish_reason; ending otherwise is reported as truncation.
 * Only the first choice is read (`n` > 1 is not translated).
 */
export class ChatStreamParser implements StreamParser {
  private started = false;
  private finished = false;
  /** `[DONE]` arrived or an error was emitted: nothing more is read. */
  private closed = false;
  private readonly splitter = new ThinkTagSplitter();
  private readonly calls: ToolCallState[] = [];
  private readonly callsByKey = new Map<string, ToolCallState>();
  private chunkId = "";

  push(data: string): StreamEvent[] {
    if (this.closed) return [];
    const payload = data.trim();
    if (payload === "") return [];
    if (payload === "[DONE]") return this.done();
    const chunk = tryParseJson(payload);
    if (!isJsonObject(chunk)) return this.fail("The upstream sent a stream event that is not valid JSON.", "invalid_stream_event");
    if (chunk.error !== undefined && chunk.error !== null) return this.fail(errorMessage(chunk.error), errorCode(chunk.error));

    const events: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push(messageStart(chunk));
    }
    if (typeof chunk.id === "string" && this.chunkId === "") this.chunkId = chunk.id;
    const choice = firstChoice(chunk.choices);
    let finishReason: unknown = null;
    if (choice !== undefined && !this.finished) {
      if (isJsonObject(choice.delta)) this.readDelta(choice.delta, events);
      finishReason = choice.finish_reason;
    }
    const usage = readCompletionUsage(chunk.usage) ?? readCompletionUsage(fieldOf(chunk.x_groq, "usage"));
    if (usage !== null) events.push({ type: "usage", usage });
    if (typeof finishReason === "string" && finishReason !== "") events.push(...this.finish(finishReason));
    return events;
  }

  end(): StreamEvent[] {
    if (this.closed || this.finished) return [];
    return this.fail(TRUNCATED, "stream_interrupted");
  }

  private readDelta(delta: JsonObject, events: StreamEvent[]): void {
    const reasoning = typeof delta.reasoning_content === "string" ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === "string" && reasoning !== "") events.push({ type: "reasoning-delta", text: reasoning });
    if (typeof delta.content === "string") events.push(...piecesToEvents(this.splitter.push(delta.content)));
    // A refusal has no event of its own; it is what the model said, so it reaches the client as text.
    if (typeof delta.refusal === "string" && delta.refusal !== "") events.push({ type: "text-delta", text: delta.refusal });
    if (Array.isArray(delta.tool_calls)) {
      for (const item of delta.tool_calls) if (isJsonObject(item)) this.readToolCall(item, isJsonObject(item.function) ? item.function : {}, events);
    }
    // Legacy `function_call` deltas (answers to `functions`): one call, no index.
    if (isJsonObject(delta.function_call)) this.readToolCall({ index: -1 }, delta.function_call, events);
  }

  private readToolCall(item: JsonObject, fn: JsonObject, events: StreamEvent[]): void {
    const id = typeof item.id === "string" && item.id !== "" ? item.id : undefined;
    const call = this.callFor(item.index, id);
    if (call.name === undefined && typeof fn.name === "string" && fn.name !== "") call.name = fn.name;
    const argumentsDelta = typeof fn.arguments === "string" ? fn.arguments : isJsonObject(fn.arguments) ? JSON.stringify(fn.arguments) : "";
    if (!call.started) {
      call.pendingArguments += argumentsDelta;
      // The start waits for the name, which a few providers send after the first fragment.
      if (call.name !== undefined) this.startCall(call, events);
      return;
    }
    if (argumentsDelta !== "") events.push({ type: "tool-call-delta", index: call.index, argumentsDelta });
  }

  /**
   * The call a fragment belongs to: by upstream `index` (a new id at a known index is a new call: some
   * providers number every call 0), else by id (Mistral), else the latest call (a bare continuation).
   */
  private callFor(upstreamIndex: unknown, id: string | undefined): ToolCallState {
    let key: string;
    if (typeof upstreamIndex === "number") key = `index:${upstreamIndex}`;
    else if (id !== undefined) key = `id:${id}`;
    else {
      const latest = this.calls.at(-1);
      if (latest !== undefined) return latest;
      key = "anonymous";
    }
    const known = this.callsByKey.get(key);
    if (known !== undefined && (id === undefined || id === known.id)) return known;
    const call: ToolCallState = {
      index: this.calls.length,
      id: id ?? fallbackCallId(this.chunkId, this.calls.length),
      name: undefined,
      started: false,
      pendingArguments: "",
    };
    this.calls.push(call);
    this.callsByKey.set(key, call);
    return call;
  }

  private startCall(call: ToolCallState, events: StreamEvent[]): void {
    call.started = true;
    events.push({ type: "tool-call-start", index: call.index, id: call.id, name: call.name ?? "" });
    if (call.pendingArguments !== "") events.push({ type: "tool-call-delta", index: call.index, argumentsDelta: call.pendingArguments });
    call.pendingArguments = "";
  }

  /** Flushes held-back text, ends every call, then the finish. */
  private finish(finishReason: string): StreamEvent[] {
    const events = piecesToEvents(this.splitter.end());
    for (const call of this.calls) {
      if (!call.started) this.startCall(call, events);
      events.push({ type: "tool-call-end", index: call.index });
    }
    this.finished = true;
    events.push({ type: "finish", reason: finishReasonFromChat(finishReason, this.calls.length > 0) });
    return events;
  }

  /**
   * `[DONE]` ends the stream. Without a finish_reason before it (a few providers omit it) the turn ended
   * normally, in tool calls if any were made; `[DONE]` with nothing before it is a broken stream.
   */
  private done(): StreamEvent[] {
    if (!this.started) return this.fail(TRUNCATED, "stream_interrupted");
    const events = this.finished ? [] : this.finish("stop");
    this.closed = true;
    return events;
  }

  private fail(message: string, code: string): StreamEvent[] {
    this.closed = true;
    return [{ type: "error", message, code }];
  }
}

function messageStart(chunk: JsonObject): StreamEvent {
  const start: StreamEvent = { type: "message-start" };
  // Azure opens with a chunk whose id and model are empty (prompt filter results): left out then.
  if (typeof chunk.id === "string" && chunk.id !== "") start.id = chunk.id;
  if (typeof chunk.model === "string" && chunk.model !== "") start.model = chunk.model;
  return start;
}

function firstChoice(choices: unknown): JsonObject | undefined {
  if (!Array.isArray(choices)) return undefined;
  const first = choices.find((choice) => isJsonObject(choice) && (choice.index === 0 || choice.index === undefined));
  return isJsonObject(first) ? first : undefined;
}

function piecesToEvents(pieces: readonly ThinkTagPiece[]): StreamEvent[] {
  return pieces.map((piece): StreamEvent => (piece.type === "reasoning" ? { type: "reasoning-delta", text: piece.text } : { type: "text-delta", text: piece.text }));
}

/** The provider's own explanation (a rate limit, a context overflow) is what the client needs to see. */
function errorMessage(error: unknown): string {
  if (typeof error === "string" && error !== "") return error;
  const message = fieldOf(error, "message");
  return typeof message === "string" && message !== "" ? message : "The upstream reported an error during the response.";
}

function errorCode(error: unknown): string {
  const code = fieldOf(error, "code");
  if (typeof code === "string" && code !== "") return code;
  if (typeof code === "number") return String(code);
  const type = fieldOf(error, "type");
  return typeof type === "string" && type !== "" ? type : "upstream_error";
}
