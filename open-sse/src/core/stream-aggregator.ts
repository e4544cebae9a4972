import { NO_USAGE, type TokenUsage } from "../accounting/token-usage";
import type { ReasoningPart, TextPart, ToolCallPart } from "./canonical-request";
import type { CanonicalResponse, FinishReason } from "./canonical-response";
import type { StreamEvent } from "./stream-event";

/**
 * Folds a canonical stream into one CanonicalResponse: used when the upstream streamed but the client asked
 * for a single JSON answer. Adjacent deltas of the same kind join into one part; tool calls keep the order
 * they started in.
 */
export class StreamAggregator {
  private id: string | undefined;
  private model: string | undefined;
  private readonly parts: Array<TextPart | ReasoningPart | ToolCallPart> = [];
  private readonly toolCalls = new Map<number, ToolCallPart>();
  private finishReason: FinishReason | undefined;
  private stopSequence: string | undefined;
  private usage: TokenUsage = NO_USAGE;
  /** Set when the stream carried an error event. */
  error: { message: string; code?: string } | undefined;

  add(event: StreamEvent): void {
    switch (event.type) {
      case "message-start":
        this.id ??= event.id;
        this.model ??= event.model;
        break;
      case "text-delta": {
        const last = this.parts.at(-1);
        if (last?.type === "text") last.text += event.text;
        else this.parts.push({ type: "text", text: event.text });
        break;
      }
      case "reasoning-delta": {
        const last = this.parts.at(-1);
        if (last?.type === "reasoning" && last.signature === undefined && !last.redacted) last.text += event.text;
        else this.parts.push({ type: "reasoning", text: event.text });
        break;
      }
      case "reasoning-signature": {
        const last = this.parts.at(-1);
        if (last?.type === "reasoning" && last.signature === undefined && !last.redacted) last.signature = event.signature;
        else this.parts.push({ type: "reasoning", text: "", signature: event.signature });
        break;
      }
      case "reasoning-redacted":
        this.parts.push({ type: "reasoning", text: "", redacted: true, signature: event.signature });
        break;
      case "tool-call-start": {
        const call: ToolCallPart = { type: "tool-call", id: event.id, name: event.name, arguments: "" };
        if (event.signature !== undefined) call.signature = event.signature;
        this.toolCalls.set(event.index, call);
        this.parts.push(call);
        break;
      }
      case "tool-call-delta": {
        const call = this.toolCalls.get(event.index);
        if (call !== undefined) call.arguments += event.argumentsDelta;
        break;
      }
      case "tool-call-end":
        break;
      case "usage":
        this.usage = mergeUsage(this.usage, event.usage);
        break;
      case "finish":
        this.finishReason = event.reason;
        this.stopSequence = event.stopSequence;
        break;
      case "error":
        this.error = { message: event.message, ...(event.code !== undefined ? { code: event.code } : {}) };
        break;
    }
  }

  /** True once a finish event arrived (a stream without one was cut short). */
  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  toResponse(): CanonicalResponse {
    for (const call of this.toolCalls.values()) if (call.arguments === "") call.arguments = "{}";
    const response: CanonicalResponse = {
      parts: this.parts,
      finishReason: this.finishReason ?? (this.error !== undefined ? "error" : "other"),
      usage: this.usage,
    };
    if (this.id !== undefined) response.id = this.id;
    if (this.model !== undefined) response.model = this.model;
    if (this.stopSequence !== undefined) response.stopSequence = this.stopSequence;
    return response;
  }
}

/** Later figures replace earlier ones field by field; a null never erases a reported number. */
export function mergeUsage(earlier: TokenUsage, later: TokenUsage): TokenUsage {
  return {
    inputTokens: later.inputTokens ?? earlier.inputTokens,
    outputTokens: later.outputTokens ?? earlier.outputTokens,
    cacheReadTokens: later.cacheReadTokens ?? earlier.cacheReadTokens,
    cacheWriteTokens: later.cacheWriteTokens ?? earlier.cacheWriteTokens,
    reasoningTokens: later.reasoningTokens ?? earlier.reasoningTokens,
  };
}

/** A whole answer replayed as a canonical stream: for a streaming client served by a JSON upstream. */
export function responseToEvents(response: CanonicalResponse): StreamEvent[] {
  const events: StreamEvent[] = [{ type: "message-start", ...(response.id !== undefined ? { id: response.id } : {}), ...(response.model !== undefined ? { model: response.model } : {}) }];
  let toolIndex = 0;
  for (const part of response.parts) {
    if (part.type === "text") {
      if (part.text !== "") events.push({ type: "text-delta", text: part.text });
    } else if (part.type === "reasoning") {
      if (part.redacted && part.signature !== undefined) {
        events.push({ type: "reasoning-redacted", signature: part.signature });
        continue;
      }
      if (part.text !== "") events.push({ type: "reasoning-delta", text: part.text });
      if (part.signature !== undefined) events.push({ type: "reasoning-signature", signature: part.signature });
    } else {
      const index = toolIndex++;
      events.push({ type: "tool-call-start", index, id: part.id, name: part.name, ...(part.signature !== undefined ? { signature: part.signature } : {}) });
      if (part.arguments !== "") events.push({ type: "tool-call-delta", index, argumentsDelta: part.arguments });
      events.push({ type: "tool-call-end", index });
    }
  }
  if (response.refusal !== undefined && response.refusal !== "") events.push({ type: "text-delta", text: response.refusal });
  events.push({ type: "usage", usage: response.usage });
  events.push({ type: "finish", reason: response.finishReason, ...(response.stopSequence !== undefined ? { stopSequence: response.stopSequence } : {}) });
  return events;
}
