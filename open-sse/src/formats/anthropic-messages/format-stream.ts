import { NO_USAGE, type TokenUsage } from "../../accounting/token-usage";
import type { OpaqueSignature } from "../../core/canonical-request";
import type { FinishReason } from "../../core/canonical-response";
import { mergeUsage } from "../../core/stream-aggregator";
import type { StreamEvent, StreamFormatter } from "../../core/stream-event";
import { wrapSignature } from "../../core/signature-envelope";
import type { ResponseContext } from "../wire-codec";
import { formatAnthropicUsage } from "./anthropic-usage";
import { anthropicMessageId } from "./format-response";
import type { JsonObject } from "../shared/json-fields";
import { stopReasonOf } from "./map-stop-reason";
import { sseEvent } from "./sse-event";

type ContentEvent = Extract<StreamEvent, { type: "text-delta" | "reasoning-delta" | "reasoning-signature" | "reasoning-redacted" }>;
type OpenBlock = { kind: "text" | "thinking" | "redacted"; index: number } | { kind: "tool"; index: number; toolIndex: number };

/** A tool call that started while another call's block was open: it waits, its argument deltas buffered. */
interface WaitingToolCall {
  toolIndex: number;
  id: string;
  name: string;
  deltas: string[];
  isEnded: boolean;
}

const ANTHROPIC_ERROR_TYPES: ReadonlySet<string> = new Set([
  "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error",
  "request_too_large", "rate_limit_error", "api_error", "overloaded_error", "timeout_error",
]);

/**
 * Canonical events → Anthropic's stream: `message_start`; per content block `content_block_start`, its deltas,
 * `content_block_stop`; then `message_delta` (stop reason, usage) and `message_stop`.
 * - Exactly one block is open at a time, and every delta names the open block: a delta naming a closed or
 *   unknown index is what Anthropic clients report as "Content block not found".
 * - A new block starts whenever the kind changes (thinking → text → tool_use). A thinking block always ends
 *   with a `signature_delta`: its wrapped signature, or `omr1.none.` when the reasoning came unsigned.
 * - Each tool call is its own `tool_use` block. Parallel calls whose deltas interleave are written one after
 *   another: a call that starts while another is open waits with its deltas buffered, and text or thinking
 *   that arrives meanwhile is held until the calls are written.
 * - `message_start` is held until the event after `message-start`, so usage the upstream reports at once
 *   (Anthropic's own input and cache counts) is in it; `message_delta` repeats every known figure.
 * - An `error` event ends the stream with `event: error` and no `message_stop`.
 */
export class AnthropicStreamFormatter implements StreamFormatter {
  private messageState: "none" | "held" | "written" = "none";
  private usage: TokenUsage = NO_USAGE;
  private open: OpenBlock | undefined;
  /** A text or tool_use block has been written: the answer has begun. */
  private hasWrittenAnswer = false;
  private nextBlockIndex = 0;
  private readonly waitingTools: WaitingToolCall[] = [];
  private readonly heldContent: ContentEvent[] = [];
  private hasToolCalls = false;
  private finish: { reason: FinishReason; stopSequence?: string } | undefined;
  private isOver = false;

  constructor(private readonly context: ResponseContext) {}

  format(event: StreamEvent): string {
    if (this.isOver) return "";
    if (event.type === "message-start") {
      if (this.messageState === "none") this.messageState = "held";
      return "";
    }
    if (event.type === "usage") {
      this.usage = mergeUsage(this.usage, event.usage);
      return this.messageState === "held" ? this.messageStart() : "";
    }
    if (event.type === "error") return this.error(event.message, event.code);
    // Nothing but a late usage may follow the finish.
    if (this.finish !== undefined) return "";
    const start = this.messageStart();
    switch (event.type) {
      case "text-delta":
      case "reasoning-delta":
      case "reasoning-signature":
      case "reasoning-redacted":
        if (this.isToolBusy()) {
          this.heldContent.push(event);
          return start;
        }
        return start + this.content(event);
      case "tool-call-start":
        return start + this.toolStart({ toolIndex: event.index, id: event.id, name: event.name, deltas: [], isEnded: false });
      case "tool-call-delta":
        return start + this.toolDelta(event.index, event.argumentsDelta);
      case "tool-call-end":
        return start + this.toolEnd(event.index);
      case "finish":
        this.finish = { reason: event.reason, ...(event.stopSequence !== undefined ? { stopSequence: event.stopSequence } : {}) };
        return start + this.closeOpen() + this.drainTools(true) + this.closeOpen();
    }
  }

  end(): string {
    if (this.isOver) return "";
    if (this.finish === undefined) return this.error("stream ended before the response was complete");
    this.isOver = true;
    const delta = {
      type: "message_delta",
      delta: { stop_reason: stopReasonOf(this.finish.reason, this.hasToolCalls), stop_sequence: this.finish.stopSequence ?? null },
      usage: knownUsage(this.usage),
    };
    return this.messageStart() + sseEvent("message_delta", delta) + sseEvent("message_stop", { type: "message_stop" });
  }

  private messageStart(): string {
    if (this.messageState === "written") return "";
    this.messageState = "written";
    const message = {
      id: anthropicMessageId(this.context.requestId),
      type: "message",
      role: "assistant",
      model: this.context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: formatAnthropicUsage(this.usage),
    };
    return sseEvent("message_start", { type: "message_start", message });
  }

  private error(message: string, code?: string): string {
    this.isOver = true;
    const type = code !== undefined && ANTHROPIC_ERROR_TYPES.has(code) ? code : "api_error";
    return sseEvent("error", { type: "error", error: { type, message } });
  }

  private isToolBusy(): boolean {
    return this.open?.kind === "tool" || this.waitingTools.length > 0;
  }

  private content(event: ContentEvent): string {
    switch (event.type) {
      case "text-delta":
        if (event.text === "") return "";
        return this.ensureOpen("text") + this.delta({ type: "text_delta", text: event.text });
      case "reasoning-delta":
        if (event.text === "") return "";
        return this.ensureOpen("thinking") + this.delta({ type: "thinking_delta", thinking: event.text });
      case "reasoning-signature":
        // A signature with no thinking of its own after the answer has begun (Gemini signs its last text part)
        // would open a trailing empty thinking block, and Claude Code prints the last block as the answer.
        if (this.open?.kind !== "thinking" && this.hasWrittenAnswer) return "";
        return this.ensureOpen("thinking") + this.closeThinking(event.signature);
      case "reasoning-redacted":
        return this.closeOpen() + this.startBlock({ type: "redacted_thinking", data: wrapSignature(event.signature, "anthropic-messages") }, "redacted") + this.stopBlock();
    }
  }

  private ensureOpen(kind: "text" | "thinking"): string {
    if (this.open?.kind === kind) return "";
    const block = kind === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "", signature: "" };
    return this.closeOpen() + this.startBlock(block, kind);
  }

  private startBlock(contentBlock: JsonObject, kind: "text" | "thinking" | "redacted"): string {
    const index = this.nextBlockIndex++;
    this.open = { kind, index };
    if (kind === "text") this.hasWrittenAnswer = true;
    return sseEvent("content_block_start", { type: "content_block_start", index, content_block: contentBlock });
  }

  private delta(delta: JsonObject): string {
    return sseEvent("content_block_delta", { type: "content_block_delta", index: this.open?.index, delta });
  }

  private stopBlock(): string {
    const index = this.open?.index;
    this.open = undefined;
    return sseEvent("content_block_stop", { type: "content_block_stop", index });
  }

  private closeThinking(signature: OpaqueSignature | undefined): string {
    return this.delta({ type: "signature_delta", signature: wrapSignature(signature, "anthropic-messages") }) + this.stopBlock();
  }

  /** Closes whatever block is open; an unsigned thinking block gets `omr1.none.` as its signature. */
  private closeOpen(): string {
    if (this.open === undefined) return "";
    return this.open.kind === "thinking" ? this.closeThinking(undefined) : this.stopBlock();
  }

  private toolStart(call: WaitingToolCall): string {
    this.hasToolCalls = true;
    if (this.isToolBusy()) {
      this.waitingTools.push(call);
      return "";
    }
    return this.closeOpen() + this.openTool(call);
  }

  private openTool(call: WaitingToolCall): string {
    const index = this.nextBlockIndex++;
    this.open = { kind: "tool", index, toolIndex: call.toolIndex };
    // Some upstreams give no call id; Anthropic clients need one to pair the result with the call.
    const id = call.id !== "" ? call.id : `toolu_${this.context.requestId}_${call.toolIndex}`;
    this.hasWrittenAnswer = true;
    const start = sseEvent("content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id, name: call.name, input: {} } });
    return start + call.deltas.map((json) => this.delta({ type: "input_json_delta", partial_json: json })).join("");
  }

  private toolDelta(toolIndex: number, json: string): string {
    if (json === "") return "";
    if (this.open?.kind === "tool" && this.open.toolIndex === toolIndex) return this.delta({ type: "input_json_delta", partial_json: json });
    this.waitingTools.find((call) => call.toolIndex === toolIndex)?.deltas.push(json);
    return "";
  }

  private toolEnd(toolIndex: number): string {
    if (this.open?.kind === "tool" && this.open.toolIndex === toolIndex) return this.stopBlock() + this.drainTools(false);
    const waiting = this.waitingTools.find((call) => call.toolIndex === toolIndex);
    if (waiting !== undefined) waiting.isEnded = true;
    return "";
  }

  /**
   * With no block open: writes waiting calls in the order they started, each closed if it has ended (or if
   * `closeAll`, at the finish), stopping at the first still running; then the content held meanwhile.
   */
  private drainTools(closeAll: boolean): string {
    let output = "";
    while (this.open === undefined && this.waitingTools.length > 0) {
      const call = this.waitingTools.shift() as WaitingToolCall;
      output += this.openTool(call);
      if (call.isEnded || closeAll) output += this.stopBlock();
    }
    if (this.isToolBusy()) return output;
    for (const event of this.heldContent.splice(0)) output += this.content(event);
    return output;
  }
}

/** `message_delta` usage: the required output count, plus the input and cache figures when known. */
function knownUsage(usage: TokenUsage): JsonObject {
  const formatted = formatAnthropicUsage(usage);
  const known: JsonObject = { output_tokens: formatted.output_tokens };
  if (usage.inputTokens !== null) known.input_tokens = formatted.input_tokens;
  if (usage.cacheReadTokens !== null) known.cache_read_input_tokens = usage.cacheReadTokens;
  if (usage.cacheWriteTokens !== null) known.cache_creation_input_tokens = usage.cacheWriteTokens;
  return known;
}
