import type { TokenUsage } from "../accounting/token-usage";
import type { OpaqueSignature } from "./canonical-request";
import type { FinishReason } from "./canonical-response";

/**
 * The canonical stream (DESIGN §3, §5): every upstream stream parser emits these, every client stream
 * formatter consumes them. Grammar, which parsers guarantee and formatters may rely on:
 *
 *   message-start, then any of
 *     text-delta | reasoning-delta | reasoning-signature | reasoning-redacted
 *     | tool-call-start (tool-call-delta)* tool-call-end
 *     | usage
 *   then finish (exactly once), then possibly a late usage; or, instead of finish, error.
 *
 * Tool calls are numbered by `index` in the order they started (0, 1, …), whatever numbering the upstream
 * used; parallel calls may interleave their deltas. Text and reasoning deltas never carry empty strings.
 * A reasoning block ends when anything other than reasoning follows it.
 */
export type StreamEvent =
  | { type: "message-start"; id?: string; model?: string }
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  /** Closes the current reasoning block with its signature (Anthropic `signature_delta`, Responses encrypted content). */
  | { type: "reasoning-signature"; signature: OpaqueSignature }
  /** A whole redacted reasoning block (Anthropic `redacted_thinking`). */
  | { type: "reasoning-redacted"; signature: OpaqueSignature }
  | { type: "tool-call-start"; index: number; id: string; name: string; signature?: OpaqueSignature }
  | { type: "tool-call-delta"; index: number; argumentsDelta: string }
  | { type: "tool-call-end"; index: number }
  /** Usage so far; later events replace earlier figures field by field (null fields keep the earlier value). */
  | { type: "usage"; usage: TokenUsage }
  | { type: "finish"; reason: FinishReason; stopSequence?: string }
  /** The upstream failed mid-stream (in-band error event, truncated stream). Terminal. */
  | { type: "error"; message: string; code?: string };

/** A stateful upstream-stream reader: SSE events in, canonical events out. */
export interface StreamParser {
  /** One SSE event (its `data`, and its `event:` name when present). Never throws: bad data becomes an `error` event. */
  push(data: string, event?: string): StreamEvent[];
  /**
   * The upstream stream ended. A stream that ended without its terminal event (OpenAI `[DONE]` or a
   * finish_reason, Anthropic `message_stop`, Responses `response.completed`, Gemini `finishReason`) was
   * truncated: the parser returns an `error` event for it.
   */
  end(): StreamEvent[];
}

/** A stateful client-stream writer: canonical events in, wire bytes (SSE or NDJSON text) out. */
export interface StreamFormatter {
  /** The text to write for this event ("" when the event produces nothing yet). */
  format(event: StreamEvent): string;
  /**
   * The upstream stream is over: close whatever is open (blocks, the message) and write the format's
   * terminator (`[DONE]`, `message_stop`, `response.completed`, a final NDJSON line). Called once, after the
   * last event; when the last event was `error`, writes the format's terminal error instead.
   */
  end(): string;
}
