import type { StreamEvent, StreamParser } from "../../core/stream-event";
import { mergeUsageFigures, readUsageFigures, toTokenUsage, type AnthropicUsageFigures } from "./anthropic-usage";
import { fieldOf, isJsonObject, stringField, tryParseJson, type JsonObject } from "../shared/json-fields";
import { finishReasonOf } from "./map-stop-reason";

/** What each open content block (by Anthropic's `index`) is, so its deltas and its stop mean the right thing. */
type BlockState =
  | { kind: "text" }
  | { kind: "thinking"; signature: string }
  | { kind: "tool"; toolIndex: number; hasWholeInput: boolean }
  | { kind: "ignored" };

const NO_FIGURES: AnthropicUsageFigures = { input: null, output: null, cacheRead: null, cacheWrite: null, thinking: null };

/**
 * Anthropic's stream (`message_start`, `content_block_start/delta/stop`, `message_delta`, `message_stop`,
 * `ping`, `error`) → canonical events.
 * - Tool calls are numbered 0, 1, … in the order their `tool_use` blocks start (Anthropic's `index` counts
 *   every content block); a call ends at its block's `content_block_stop`.
 * - A thinking block's `signature_delta` is emitted as `reasoning-signature` when the block stops.
 * - Usage figures are cumulative; they are merged field by field, so a `message_delta` that repeats only some
 *   of them keeps the rest, and each usage event states every figure known so far.
 * - `finish` waits for `message_stop`, the stream's terminal event: a stream cut after `message_delta` is
 *   still incomplete. Server-tool blocks are skipped (see parse-response.ts).
 */
export class AnthropicStreamParser implements StreamParser {
  private isStarted = false;
  private isDone = false;
  private readonly blocks = new Map<number, BlockState>();
  private nextToolIndex = 0;
  private figures = NO_FIGURES;
  private stopReason: unknown;
  private stopSequence: string | undefined;

  push(data: string, event?: string): StreamEvent[] {
    if (this.isDone || data.trim() === "") return [];
    const payload = tryParseJson(data);
    if (!isJsonObject(payload)) return this.fail("The upstream sent a stream event that is not valid JSON.");
    const type = typeof payload.type === "string" ? payload.type : event;
    switch (type) {
      case "message_start":
        return this.messageStart(payload);
      case "content_block_start":
        return this.blockStart(payload);
      case "content_block_delta":
        return this.blockDelta(payload);
      case "content_block_stop":
        return this.blockStop(payload);
      case "message_delta":
        return this.messageDelta(payload);
      case "message_stop":
        return this.messageStop();
      case "error":
        return this.fail(stringField(payload.error, "message") ?? "The upstream reported an error.", stringField(payload.error, "type"));
      default:
        // `ping` and event types this parser does not know carry nothing for the canonical stream.
        return [];
    }
  }

  end(): StreamEvent[] {
    if (this.isDone) return [];
    return this.fail("stream ended before the response was complete");
  }

  private fail(message: string, code?: string): StreamEvent[] {
    this.isDone = true;
    return [{ type: "error", message, ...(code !== undefined ? { code } : {}) }];
  }

  /** A `message-start` first, even for an upstream that skipped `message_start`. */
  private start(id?: string, model?: string): StreamEvent[] {
    if (this.isStarted) return [];
    this.isStarted = true;
    return [{ type: "message-start", ...(id !== undefined ? { id } : {}), ...(model !== undefined ? { model } : {}) }];
  }

  private messageStart(payload: JsonObject): StreamEvent[] {
    const message = payload.message;
    const events = this.start(stringField(message, "id"), stringField(message, "model"));
    return [...events, ...this.addUsage(fieldOf(message, "usage"))];
  }

  private addUsage(usage: unknown): StreamEvent[] {
    const figures = readUsageFigures(usage);
    if (figures === null) return [];
    this.figures = mergeUsageFigures(this.figures, figures);
    return [{ type: "usage", usage: toTokenUsage(this.figures) }];
  }

  private blockStart(payload: JsonObject): StreamEvent[] {
    const index = payload.index;
    const block = payload.content_block;
    if (typeof index !== "number" || !isJsonObject(block)) return [];
    const events = this.start();
    switch (block.type) {
      case "text":
        this.blocks.set(index, { kind: "text" });
        return [...events, ...textDelta(stringField(block, "text"))];
      case "thinking":
        this.blocks.set(index, { kind: "thinking", signature: stringField(block, "signature") ?? "" });
        return [...events, ...reasoningDelta(stringField(block, "thinking"))];
      case "redacted_thinking": {
        this.blocks.set(index, { kind: "ignored" });
        const data = stringField(block, "data") ?? "";
        return data === "" ? events : [...events, { type: "reasoning-redacted", signature: { format: "anthropic-messages", value: data, redacted: true } }];
      }
      case "tool_use":
        return [...events, ...this.toolStart(index, block)];
      default:
        this.blocks.set(index, { kind: "ignored" });
        return events;
    }
  }

  private toolStart(index: number, block: JsonObject): StreamEvent[] {
    const toolIndex = this.nextToolIndex++;
    const input = block.input;
    // Anthropic starts a tool block with `input: {}` and streams the JSON; a proxy that sends the whole input up
    // front (and no deltas) is read too.
    const hasWholeInput = isJsonObject(input) && Object.keys(input).length > 0;
    this.blocks.set(index, { kind: "tool", toolIndex, hasWholeInput });
    const events: StreamEvent[] = [{ type: "tool-call-start", index: toolIndex, id: stringField(block, "id") ?? "", name: stringField(block, "name") ?? "" }];
    if (hasWholeInput) events.push({ type: "tool-call-delta", index: toolIndex, argumentsDelta: JSON.stringify(input) });
    return events;
  }

  private blockDelta(payload: JsonObject): StreamEvent[] {
    const block = typeof payload.index === "number" ? this.blocks.get(payload.index) : undefined;
    const delta = payload.delta;
    if (block === undefined || !isJsonObject(delta)) return [];
    switch (delta.type) {
      case "text_delta":
        return block.kind === "text" ? textDelta(stringField(delta, "text")) : [];
      case "thinking_delta":
        return block.kind === "thinking" ? reasoningDelta(stringField(delta, "thinking")) : [];
      case "signature_delta":
        if (block.kind === "thinking") block.signature += stringField(delta, "signature") ?? "";
        return [];
      case "input_json_delta": {
        const json = stringField(delta, "partial_json") ?? "";
        if (block.kind !== "tool" || block.hasWholeInput || json === "") return [];
        return [{ type: "tool-call-delta", index: block.toolIndex, argumentsDelta: json }];
      }
      default:
        return [];
    }
  }

  private blockStop(payload: JsonObject): StreamEvent[] {
    if (typeof payload.index !== "number") return [];
    const block = this.blocks.get(payload.index);
    this.blocks.delete(payload.index);
    return block === undefined ? [] : closingEvents(block);
  }

  private messageDelta(payload: JsonObject): StreamEvent[] {
    const delta = payload.delta;
    const stopReason = fieldOf(delta, "stop_reason");
    if (stopReason !== undefined && stopReason !== null) this.stopReason = stopReason;
    const stopSequence = stringField(delta, "stop_sequence");
    if (stopSequence !== undefined) this.stopSequence = stopSequence;
    return this.addUsage(payload.usage);
  }

  private messageStop(): StreamEvent[] {
    const events = this.start();
    // Blocks an upstream never stopped are closed here, so every tool call still ends before the finish.
    for (const block of this.blocks.values()) events.push(...closingEvents(block));
    this.blocks.clear();
    this.isDone = true;
    events.push({ type: "finish", reason: finishReasonOf(this.stopReason), ...(this.stopSequence !== undefined ? { stopSequence: this.stopSequence } : {}) });
    return events;
  }
}

function closingEvents(block: BlockState): StreamEvent[] {
  if (block.kind === "tool") return [{ type: "tool-call-end", index: block.toolIndex }];
  if (block.kind === "thinking" && block.signature !== "") {
    return [{ type: "reasoning-signature", signature: { format: "anthropic-messages", value: block.signature } }];
  }
  return [];
}

function textDelta(text: string | undefined): StreamEvent[] {
  return text === undefined || text === "" ? [] : [{ type: "text-delta", text }];
}

function reasoningDelta(text: string | undefined): StreamEvent[] {
  return text === undefined || text === "" ? [] : [{ type: "reasoning-delta", text }];
}
