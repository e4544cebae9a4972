import type { StreamEvent, StreamParser } from "../../core/stream-event";
import { expandParallelToolCall, mayBeParallelWrapper } from "./expand-parallel-tool-call";
import { finishReasonOf } from "./finish-reason";
import { isJsonObject, tryParseJson, type JsonObject } from "../shared/json-fields";
import { readResponsesUsage } from "./read-responses-usage";
import { functionCallName, messageTexts, reasoningSignature, reasoningText } from "./read-output-items";

interface ToolCallState {
  callId: string;
  name: string;
  /** Arguments received so far (streamed, or held back while the call may be the parallel wrapper). */
  arguments: string;
  /** Nothing emitted yet: the call may be the parallel wrapper, or its `output_item.added` was never seen. */
  held: boolean;
  /** Canonical index, once `tool-call-start` went out. */
  index?: number;
  ended: boolean;
}

const TRUNCATED = "stream ended before the response was complete";

/**
 * A Responses upstream's SSE stream → canonical events.
 *
 * - `response.created` → message-start (id, model).
 * - `response.output_text.delta` / `response.refusal.delta` → text; `response.reasoning_summary_text.delta`
 *   and `response.reasoning_text.delta` → reasoning (summary parts and separate items are joined as
 *   paragraphs, as the JSON parser joins them).
 * - `response.output_item.added` (function_call) → tool-call-start, numbered 0, 1, … in order;
 *   `response.function_call_arguments.delta` → tool-call-delta, found by output index (or item id), so
 *   interleaved calls stay apart; `output_item.done` → tool-call-end, after the arguments when none were
 *   streamed (LM Studio sends only `function_call_arguments.done`).
 * - `response.output_item.done` (reasoning) → reasoning-signature from its `encrypted_content` (the value in
 *   `output_item.added` is a placeholder); for a message or reasoning item, any text the item holds beyond
 *   what was streamed is emitted then (Codex, too, takes the final text from `output_item.done`).
 * - `response.completed` / `response.incomplete` → usage, finish (terminal); `response.failed` and `error`
 *   → usage when present, then error (terminal). Events after a terminal one are ignored: OpenAI follows
 *   `error` with `response.failed`.
 * A name-`parallel` call is held until its arguments are whole, then unwrapped (expand-parallel-tool-call.ts).
 */
export class ResponsesStreamParser implements StreamParser {
  private started = false;
  private closed = false;
  private nextToolIndex = 0;
  private refused = false;
  private readonly toolsByOutputIndex = new Map<number, ToolCallState>();
  private readonly toolsByItemId = new Map<string, ToolCallState>();
  /**
   * Text and reasoning already emitted per output item (keyed by output index and by item id, whichever the
   * server sends), to add only what `output_item.done` holds beyond it.
   */
  private readonly streamedText = new Map<string, string>();
  private streamedAny = false;
  /** Whether the stream carried any output item event (else the final response's output is the answer). */
  private sawItems = false;
  /** The item and summary part the last reasoning text came from, while that reasoning block is still open. */
  private openReasoningKey: string | undefined;

  push(data: string, event?: string): StreamEvent[] {
    if (this.closed || data === "[DONE]") return [];
    const parsed = tryParseJson(data);
    if (!isJsonObject(parsed)) return this.fail("The upstream sent an event that is not valid JSON.");
    const type = typeof parsed.type === "string" ? parsed.type : event;
    if (type !== undefined && type.startsWith("response.") && (parsed.item !== undefined || parsed.delta !== undefined)) this.sawItems = true;
    const events: StreamEvent[] = [];
    switch (type) {
      case "response.created":
        this.start(events, parsed.response);
        break;
      case "response.output_item.added":
        this.itemAdded(events, parsed);
        break;
      case "response.output_text.delta":
      case "response.refusal.delta":
        if (type === "response.refusal.delta") this.refused = true;
        this.text(events, itemKeys(parsed.output_index, parsed.item_id), parsed.delta);
        break;
      case "response.reasoning_summary_text.delta":
        this.reasoning(events, itemKeys(parsed.output_index, parsed.item_id), `s${String(parsed.summary_index ?? 0)}`, parsed.delta);
        break;
      case "response.reasoning_text.delta":
        this.reasoning(events, itemKeys(parsed.output_index, parsed.item_id), `c${String(parsed.content_index ?? 0)}`, parsed.delta);
        break;
      case "response.function_call_arguments.delta":
        this.argumentsDelta(events, parsed);
        break;
      case "response.function_call_arguments.done":
        this.argumentsDone(events, parsed);
        break;
      case "response.output_item.done":
        if (isJsonObject(parsed.item)) this.itemDone(events, outputIndexOf(parsed), parsed.item);
        break;
      case "response.completed":
      case "response.incomplete":
        this.finish(events, parsed.response);
        break;
      case "response.failed":
        this.failed(events, parsed.response);
        break;
      case "error":
        events.push(...this.fail(errorMessage(parsed), errorCode(parsed)));
        break;
      default:
        // in_progress, content_part.*, *.done texts (the item's done event carries them), hosted-tool progress.
        break;
    }
    return events;
  }

  end(): StreamEvent[] {
    if (this.closed) return [];
    return this.fail(TRUNCATED);
  }

  private start(events: StreamEvent[], response?: unknown): void {
    if (this.started) return;
    this.started = true;
    const id = isJsonObject(response) && typeof response.id === "string" ? response.id : undefined;
    const model = isJsonObject(response) && typeof response.model === "string" ? response.model : undefined;
    events.push({ type: "message-start", ...(id !== undefined ? { id } : {}), ...(model !== undefined ? { model } : {}) });
  }

  private itemAdded(events: StreamEvent[], parsed: JsonObject): void {
    this.start(events);
    const item = parsed.item;
    if (!isJsonObject(item) || item.type !== "function_call") return;
    const name = functionCallName(item);
    const state: ToolCallState = {
      callId: callIdOf(item),
      name,
      arguments: typeof item.arguments === "string" ? item.arguments : "",
      held: mayBeParallelWrapper(name),
      ended: false,
    };
    this.register(state, outputIndexOf(parsed), item.id);
    if (!state.held) this.startCall(events, state);
  }

  private text(events: StreamEvent[], keys: string[], delta: unknown): void {
    if (typeof delta !== "string" || delta === "") return;
    this.start(events);
    this.openReasoningKey = undefined;
    this.noteStreamed(keys, delta);
    events.push({ type: "text-delta", text: delta });
  }

  /** `part`: the summary or content part the delta belongs to; undefined: it continues whatever part is open. */
  private reasoning(events: StreamEvent[], keys: string[], part: string | undefined, delta: unknown): void {
    if (typeof delta !== "string" || delta === "") return;
    this.start(events);
    const item = keys[0] ?? "";
    const key = part === undefined ? (this.openReasoningKey ?? `${item}:`) : `${item}:${part}`;
    // A new summary part (or a new reasoning item) continues the open block as a new paragraph.
    const text = this.openReasoningKey !== undefined && this.openReasoningKey !== key ? `\n\n${delta}` : delta;
    this.openReasoningKey = key;
    // The item's own text has no separator before its first paragraph (as reasoningText joins it).
    this.noteStreamed(keys, this.streamedOf(keys) === undefined ? delta : text);
    events.push({ type: "reasoning-delta", text });
  }

  private noteStreamed(keys: string[], text: string): void {
    this.streamedAny = true;
    for (const key of keys) this.streamedText.set(key, (this.streamedText.get(key) ?? "") + text);
  }

  private streamedOf(keys: string[]): string | undefined {
    for (const key of keys) {
      const streamed = this.streamedText.get(key);
      if (streamed !== undefined) return streamed;
    }
    return undefined;
  }

  private argumentsDelta(events: StreamEvent[], parsed: JsonObject): void {
    const delta = parsed.delta;
    if (typeof delta !== "string" || delta === "") return;
    this.start(events);
    let state = this.toolOf(parsed);
    if (state === undefined) {
      // Arguments for a call whose `output_item.added` never came: held until its `output_item.done` names it.
      state = { callId: "", name: "", arguments: "", held: true, ended: false };
      this.register(state, outputIndexOf(parsed), parsed.item_id);
    }
    state.arguments += delta;
    if (!state.held && state.index !== undefined) events.push({ type: "tool-call-delta", index: state.index, argumentsDelta: delta });
  }

  private argumentsDone(events: StreamEvent[], parsed: JsonObject): void {
    const state = this.toolOf(parsed);
    if (state === undefined || typeof parsed.arguments !== "string") return;
    if (state.held) state.arguments = parsed.arguments;
    else this.completeArguments(events, state, parsed.arguments);
  }

  private itemDone(events: StreamEvent[], outputIndex: number | undefined, item: JsonObject): void {
    this.start(events);
    switch (item.type) {
      case "function_call": {
        let state = this.toolsByOutputIndex.get(outputIndex ?? -1) ?? (typeof item.id === "string" ? this.toolsByItemId.get(item.id) : undefined);
        if (state === undefined) {
          state = { callId: "", name: "", arguments: "", held: true, ended: false };
          this.register(state, outputIndex, item.id);
        }
        const finalArguments = typeof item.arguments === "string" && item.arguments !== "" ? item.arguments : state.arguments;
        if (state.held) {
          state.callId = callIdOf(item) || state.callId;
          state.name = functionCallName(item) || state.name;
          state.arguments = finalArguments;
          this.release(events, state);
        } else {
          this.completeArguments(events, state, finalArguments);
          this.endCall(events, state);
        }
        break;
      }
      case "message": {
        const texts = messageTexts(item);
        if (texts.refusal !== "") this.refused = true;
        this.remainder(events, itemKeys(outputIndex, item.id), texts.text + texts.refusal, "text");
        break;
      }
      case "reasoning": {
        this.remainder(events, itemKeys(outputIndex, item.id), reasoningText(item), "reasoning");
        const signature = reasoningSignature(item);
        if (signature !== undefined) {
          events.push({ type: "reasoning-signature", signature });
          // The signature closes the block: the next reasoning starts a new one.
          this.openReasoningKey = undefined;
        }
        break;
      }
      default:
        break;
    }
  }

  /**
   * Text an item holds beyond what was streamed of it (all of it, when nothing was). An item the server
   * gave neither an output index nor an id cannot be matched with its deltas: it adds text only to a
   * stream that had none.
   */
  private remainder(events: StreamEvent[], keys: string[], full: string, kind: "text" | "reasoning"): void {
    if (keys.length === 0 && this.streamedAny) return;
    const streamed = this.streamedOf(keys) ?? "";
    if (full.length <= streamed.length || !full.startsWith(streamed)) return;
    const rest = full.slice(streamed.length);
    if (kind === "text") this.text(events, keys, rest);
    else this.reasoning(events, keys, streamed === "" ? "done" : undefined, rest);
  }

  private finish(events: StreamEvent[], response: unknown): void {
    this.start(events, response);
    const body = isJsonObject(response) ? response : {};
    // A server that streamed no items at all put the answer only in the final response.
    if (!this.sawItems && Array.isArray(body.output)) {
      body.output.forEach((item, index) => {
        if (isJsonObject(item)) this.itemDone(events, index, item);
      });
    }
    this.closeCalls(events);
    const usage = readResponsesUsage(body.usage);
    if (usage !== null) events.push({ type: "usage", usage });
    let reason = finishReasonOf({ status: body.status ?? "completed", incompleteDetails: body.incomplete_details });
    if (reason === "stop" && this.nextToolIndex > 0) reason = "tool-calls";
    else if (reason === "stop" && this.refused) reason = "refusal";
    events.push({ type: "finish", reason });
    this.closed = true;
  }

  private failed(events: StreamEvent[], response: unknown): void {
    const body = isJsonObject(response) ? response : {};
    const usage = readResponsesUsage(body.usage);
    if (usage !== null) events.push({ type: "usage", usage });
    events.push(...this.fail(errorMessage(body), errorCode(body)));
  }

  /** The terminal error; message-start first when nothing came before it (the grammar starts every stream so). */
  private fail(message: string, code?: string): StreamEvent[] {
    const events: StreamEvent[] = [];
    this.start(events);
    this.closed = true;
    events.push({ type: "error", message, ...(code !== undefined ? { code } : {}) });
    return events;
  }

  private register(state: ToolCallState, outputIndex: number | undefined, itemId: unknown): void {
    if (outputIndex !== undefined) this.toolsByOutputIndex.set(outputIndex, state);
    if (typeof itemId === "string" && itemId !== "") this.toolsByItemId.set(itemId, state);
  }

  private toolOf(parsed: JsonObject): ToolCallState | undefined {
    const outputIndex = outputIndexOf(parsed);
    const byIndex = outputIndex === undefined ? undefined : this.toolsByOutputIndex.get(outputIndex);
    return byIndex ?? (typeof parsed.item_id === "string" ? this.toolsByItemId.get(parsed.item_id) : undefined);
  }

  private startCall(events: StreamEvent[], state: ToolCallState): void {
    this.openReasoningKey = undefined;
    state.index = this.nextToolIndex++;
    state.held = false;
    events.push({ type: "tool-call-start", index: state.index, id: state.callId, name: state.name });
    if (state.arguments !== "") events.push({ type: "tool-call-delta", index: state.index, argumentsDelta: state.arguments });
  }

  /** The whole arguments are known: send what the deltas did not (everything, when none came). */
  private completeArguments(events: StreamEvent[], state: ToolCallState, full: string): void {
    if (state.index === undefined || full.length <= state.arguments.length || !full.startsWith(state.arguments)) return;
    events.push({ type: "tool-call-delta", index: state.index, argumentsDelta: full.slice(state.arguments.length) });
    state.arguments = full;
  }

  private endCall(events: StreamEvent[], state: ToolCallState): void {
    if (state.ended || state.index === undefined) return;
    state.ended = true;
    events.push({ type: "tool-call-end", index: state.index });
  }

  /** A held call, now whole: unwrapped into the calls it stands for, or sent as it is. */
  private release(events: StreamEvent[], state: ToolCallState): void {
    if (state.ended) return;
    const expanded = expandParallelToolCall({ id: state.callId, name: state.name, arguments: state.arguments });
    if (expanded === undefined) {
      this.startCall(events, state);
      this.endCall(events, state);
      return;
    }
    for (const call of expanded) {
      const child: ToolCallState = { callId: call.id, name: call.name, arguments: call.arguments, held: false, ended: false };
      this.startCall(events, child);
      this.endCall(events, child);
    }
    state.ended = true;
  }

  private closeCalls(events: StreamEvent[]): void {
    for (const state of new Set([...this.toolsByOutputIndex.values(), ...this.toolsByItemId.values()])) {
      if (state.held) this.release(events, state);
      else this.endCall(events, state);
    }
  }
}

/** The keys an output item's text is tracked by: its output index and its id, whichever are present. */
function itemKeys(outputIndex: unknown, itemId: unknown): string[] {
  const keys: string[] = [];
  if (typeof outputIndex === "number") keys.push(`#${outputIndex}`);
  if (typeof itemId === "string" && itemId !== "") keys.push(`id:${itemId}`);
  return keys;
}

function outputIndexOf(parsed: JsonObject): number | undefined {
  return typeof parsed.output_index === "number" ? parsed.output_index : undefined;
}

function callIdOf(item: JsonObject): string {
  if (typeof item.call_id === "string" && item.call_id !== "") return item.call_id;
  return typeof item.id === "string" ? item.id : "";
}

/** The message of an `error` event (`{code, message}` as documented, or `{error:{…}}` as OpenAI sends) or of a failed response. */
function errorMessage(source: JsonObject): string {
  const error = isJsonObject(source.error) ? source.error : source;
  return typeof error.message === "string" && error.message !== "" ? error.message : "The upstream reported an error.";
}

function errorCode(source: JsonObject): string | undefined {
  const error = isJsonObject(source.error) ? source.error : source;
  return typeof error.code === "string" && error.code !== "" ? error.code : undefined;
}
