import type { TokenUsage } from "../accounting/token-usage";
import type { ReasoningPart, TextPart, ToolCallPart } from "./canonical-request";

/** Why the model stopped, in one vocabulary every format maps to and from. */
export type FinishReason =
  | "stop" // natural end of turn (OpenAI `stop`, Anthropic `end_turn`, Gemini `STOP`)
  | "stop-sequence" // a client stop sequence matched (Anthropic `stop_sequence`; OpenAI says `stop`)
  | "length" // max tokens reached
  | "tool-calls" // the turn ends to run tools
  | "content-filter" // blocked by the provider's safety system
  | "refusal" // the model refused (Anthropic `refusal`)
  | "pause" // Anthropic `pause_turn`: a long server-tool turn paused, the client may continue it
  | "error" // the upstream reported a failure inside the response
  | "other";

/** One whole (non-streaming) answer, as every format's `parseResponse` reads it. */
export interface CanonicalResponse {
  /** The upstream's response id, when it gave one (formatters make their own otherwise). */
  id?: string;
  /** The model that answered, as the upstream named it. */
  model?: string;
  /** Output in order: reasoning, text and tool calls interleaved as the model produced them. */
  parts: Array<TextPart | ReasoningPart | ToolCallPart>;
  finishReason: FinishReason;
  /** The stop sequence that matched, when the upstream says which. */
  stopSequence?: string;
  /** A refusal message (OpenAI `message.refusal`), shown as text by formats without a refusal field. */
  refusal?: string;
  usage: TokenUsage;
}
