import type { TokenUsage } from "../../../accounting/token-usage";
import type { StreamEvent } from "../../../core/stream-event";
import type { RawStreamDecoder } from "../../upstream-executor";
import { EventStreamFrameDecoder, stringHeader, type EventStreamMessage } from "./event-stream-decoder";

/**
 * Turns the answer of `GenerateAssistantResponse` (AWS event-stream frames, see event-stream-decoder.ts) into
 * canonical stream events. The event names and payload fields are those of the CodeWhisperer streaming
 * client AWS publishes (aws/amazon-q-developer-cli, crates/amzn-codewhisperer-streaming-client:
 * `ChatResponseStream`, event_stream_serde.rs and the protocol_serde shapes):
 *
 * - `assistantResponseEvent {content, modelId?}` → text; `codeEvent {content}` → text as well
 * - `reasoningContentEvent {text?, signature?, redactedContent?}` → reasoning text (the signature and redacted
 *   blocks are dropped: no client format can send them back to this backend)
 * - `toolUseEvent {toolUseId, name, input?, stop?}` → a tool call whose JSON input arrives in string pieces
 *   across several events of the same id, closed by `stop: true`
 * - `metadataEvent {tokenUsage: {uncachedInputTokens, outputTokens, totalTokens, cacheReadInputTokens?,
 *   cacheWriteInputTokens?}}` → usage (input = uncached + cache reads + cache writes)
 * - `messageMetadataEvent {conversationId, utteranceId}` → the message id
 * - `invalidStateEvent {reason, message}`, `:message-type exception` frames (`:exception-type`, payload
 *   `{message}`) and `:message-type error` frames (`:error-code`, `:error-message`) → an `error` event
 * - `meteringEvent {usage, unit}` counts billing credits, not tokens, and the Kiro-only `contextUsageEvent`
 *   a percentage: neither is a token count, so neither becomes usage. Link, citation and follow-up events
 *   carry nothing the canonical stream has.
 *
 * The API has no terminal event: the answer ends when the HTTP body does. A body that ends on a whole frame
 * after at least one event is complete; leftover bytes of a partial frame, or no event at all, mean it was
 * cut. Never throws: bad JSON, corrupted checksums and upstream exceptions become one terminal `error`.
 */
export class KiroStreamDecoder implements RawStreamDecoder {
  private readonly frames = new EventStreamFrameDecoder();
  private started = false;
  private done = false;
  private usage: TokenUsage | undefined;
  /** Open tool calls by the upstream's id → our index. */
  private readonly openToolCalls = new Map<string, number>();
  private readonly seenToolCalls = new Set<string>();
  private nextToolIndex = 0;

  push(chunk: Buffer): StreamEvent[] {
    if (this.done) return [];
    const result = this.frames.push(chunk);
    const events: StreamEvent[] = [];
    for (const message of result.messages) {
      this.handleMessage(message, events);
      if (this.done) return events;
    }
    if (result.error !== undefined) this.fail(events, result.error, "invalid_event_stream");
    return events;
  }

  end(): StreamEvent[] {
    if (this.done) return [];
    const events: StreamEvent[] = [];
    if (this.frames.pendingBytes > 0 || !this.started) {
      this.fail(events, "stream ended before the response was complete", "stream_truncated");
      return events;
    }
    this.done = true;
    for (const index of this.openToolCalls.values()) events.push({ type: "tool-call-end", index });
    this.openToolCalls.clear();
    if (this.usage !== undefined) events.push({ type: "usage", usage: this.usage });
    events.push({ type: "finish", reason: this.nextToolIndex > 0 ? "tool-calls" : "stop" });
    return events;
  }

  private handleMessage(message: EventStreamMessage, events: StreamEvent[]): void {
    const messageType = stringHeader(message, ":message-type") ?? "event";
    if (messageType === "exception") {
      const exceptionType = stringHeader(message, ":exception-type") ?? "exception";
      this.fail(events, `${exceptionType}: ${payloadMessage(message.payload) ?? "the upstream failed mid-stream"}`, exceptionType);
      return;
    }
    if (messageType === "error") {
      const code = stringHeader(message, ":error-code") ?? "error";
      this.fail(events, `${code}: ${stringHeader(message, ":error-message") ?? "the upstream failed mid-stream"}`, code);
      return;
    }
    const eventType = stringHeader(message, ":event-type") ?? "";
    const payload = parsePayload(message.payload);
    if (payload === undefined) {
      this.fail(events, `${eventType || "event"} carried a payload that is not a JSON object`, "invalid_event_payload");
      return;
    }
    this.start(events, eventType === "messageMetadataEvent" ? stringField(payload, "utteranceId") : undefined);
    switch (eventType) {
      case "assistantResponseEvent":
      case "codeEvent":
        pushText(events, "text-delta", payload.content);
        return;
      case "reasoningContentEvent":
        pushText(events, "reasoning-delta", payload.text);
        return;
      case "toolUseEvent":
        this.handleToolUse(payload, events);
        return;
      case "metadataEvent":
        this.usage = readTokenUsage(payload.tokenUsage) ?? this.usage;
        return;
      case "invalidStateEvent":
        this.fail(events, `invalid state (${stringField(payload, "reason") ?? "unknown"}): ${stringField(payload, "message") ?? ""}`.trim(), "invalid_state");
        return;
      default:
        return;
    }
  }

  private handleToolUse(payload: Record<string, unknown>, events: StreamEvent[]): void {
    const id = stringField(payload, "toolUseId");
    if (id === undefined) return;
    let index = this.openToolCalls.get(id);
    if (index === undefined) {
      // A repeated stop for a call already closed, or a stray event after it: nothing new to say.
      if (this.seenToolCalls.has(id)) return;
      index = this.nextToolIndex++;
      this.openToolCalls.set(id, index);
      this.seenToolCalls.add(id);
      events.push({ type: "tool-call-start", index, id, name: stringField(payload, "name") ?? "" });
    }
    const input = payload.input;
    // The published shape streams `input` as string pieces; an object (seen from some deployments) is whole.
    const piece = typeof input === "string" ? input : input !== undefined && input !== null ? JSON.stringify(input) : "";
    if (piece !== "") events.push({ type: "tool-call-delta", index, argumentsDelta: piece });
    if (payload.stop === true) {
      events.push({ type: "tool-call-end", index });
      this.openToolCalls.delete(id);
    }
  }

  private start(events: StreamEvent[], id: string | undefined): void {
    if (this.started) return;
    this.started = true;
    events.push(id === undefined ? { type: "message-start" } : { type: "message-start", id });
  }

  private fail(events: StreamEvent[], message: string, code: string): void {
    this.done = true;
    events.push({ type: "error", message, code });
  }
}

function parsePayload(payload: Buffer): Record<string, unknown> | undefined {
  if (payload.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(payload.toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function payloadMessage(payload: Buffer): string | undefined {
  const parsed = parsePayload(payload);
  return parsed === undefined ? undefined : (stringField(parsed, "message") ?? stringField(parsed, "Message"));
}

function stringField(object: Record<string, unknown>, name: string): string | undefined {
  const value = object[name];
  return typeof value === "string" ? value : undefined;
}

function pushText(events: StreamEvent[], type: "text-delta" | "reasoning-delta", value: unknown): void {
  if (typeof value === "string" && value !== "") events.push({ type, text: value });
}

function readTokenUsage(value: unknown): TokenUsage | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const usage = value as Record<string, unknown>;
  const count = (name: string) => (typeof usage[name] === "number" && Number.isFinite(usage[name]) ? (usage[name] as number) : null);
  const uncached = count("uncachedInputTokens");
  const cacheRead = count("cacheReadInputTokens");
  const cacheWrite = count("cacheWriteInputTokens");
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: count("outputTokens"),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: null,
  };
}
