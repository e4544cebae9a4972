import type { StreamEvent } from "../../../core/stream-event";
import type { RawStreamDecoder } from "../../upstream-executor";
import { ConnectFrameDecoder } from "./connect-frame";
import { bytesOf, decodeFields, stringOf } from "./protobuf-wire";

/**
 * Reads the answer of `StreamUnifiedChatWithTools`: Connect envelopes (connect-frame.ts) holding
 * `StreamUnifiedChatWithToolsResponse` messages, then an end-of-stream envelope. Field numbers as in
 * JiuZ-Chn/Cursor-To-OpenAI src/proto/message.proto and decolua/9router open-sse/utils/cursorProtobuf.js:
 *
 *   response { 1: client-side tool call (Agent mode only; ignored here), 2: message }
 *   message  { 1: text delta, 25: thinking { 1: text } }
 *
 * The end-of-stream envelope's JSON `error` ({code, message, details[{debug: {error, details: {title,
 * detail}}}]}, as 9router reads it) becomes an `error` event; without one the answer finished normally. Cursor
 * reports no token counts in this stream, so no usage is emitted (the host estimates). A body that ends without
 * the end-of-stream envelope was cut. Never throws.
 */
export class CursorStreamDecoder implements RawStreamDecoder {
  private readonly frames = new ConnectFrameDecoder();
  private started = false;
  private done = false;

  push(chunk: Buffer): StreamEvent[] {
    if (this.done) return [];
    const events: StreamEvent[] = [];
    const result = this.frames.push(chunk);
    for (const frame of result.frames) {
      this.start(events);
      if (frame.endStream) {
        this.finish(events, frame.payload);
        return events;
      }
      if (!this.handleMessage(frame.payload, events)) return events;
    }
    if (result.error !== undefined) this.fail(events, result.error, "invalid_connect_stream");
    return events;
  }

  end(): StreamEvent[] {
    if (this.done) return [];
    const events: StreamEvent[] = [];
    this.fail(events, "stream ended before the response was complete", "stream_truncated");
    return events;
  }

  /** False when the message ended the stream (an error). */
  private handleMessage(payload: Buffer, events: StreamEvent[]): boolean {
    // The service answers some failures with a JSON error where a protobuf message belongs (9router checks too).
    if (payload.length > 8 && payload[0] === 0x7b && payload.subarray(0, 8).toString() === '{"error"') {
      this.finish(events, payload);
      return false;
    }
    try {
      const answer = bytesOf(decodeFields(payload), 2);
      if (answer === undefined) return true;
      const fields = decodeFields(answer);
      const thinking = bytesOf(fields, 25);
      const reasoning = thinking === undefined ? undefined : stringOf(decodeFields(thinking), 1);
      if (reasoning !== undefined && reasoning !== "") events.push({ type: "reasoning-delta", text: reasoning });
      const text = stringOf(fields, 1);
      if (text !== undefined && text !== "") events.push({ type: "text-delta", text });
      return true;
    } catch {
      this.fail(events, "Cursor sent a message that is not valid protobuf", "invalid_cursor_message");
      return false;
    }
  }

  private finish(events: StreamEvent[], payload: Buffer): void {
    const error = endStreamError(payload);
    if (error !== undefined) {
      this.fail(events, error.message, error.code);
      return;
    }
    this.done = true;
    events.push({ type: "finish", reason: "stop" });
  }

  private start(events: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({ type: "message-start" });
  }

  private fail(events: StreamEvent[], message: string, code: string): void {
    this.done = true;
    events.push({ type: "error", message, code });
  }
}

function endStreamError(payload: Buffer): { message: string; code: string } | undefined {
  if (payload.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString("utf8"));
  } catch {
    return { message: "Cursor ended the stream with an unreadable status", code: "invalid_connect_stream" };
  }
  const error = fieldOf(parsed, "error");
  if (typeof error !== "object" || error === null) return undefined;
  const code = typeof fieldOf(error, "code") === "string" ? (fieldOf(error, "code") as string) : "unknown";
  const details = fieldOf(error, "details");
  const debug = Array.isArray(details) ? fieldOf(fieldOf(details[0], "debug"), "details") : undefined;
  const title = fieldOf(debug, "title");
  const detail = fieldOf(debug, "detail");
  const message = fieldOf(error, "message");
  const text = [title, detail].filter((part): part is string => typeof part === "string" && part !== "").join(": ") || (typeof message === "string" && message !== "" ? message : code);
  return { message: `Cursor: ${text}`, code };
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
