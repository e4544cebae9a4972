import type { FinishReason } from "../../core/canonical-response";

/** Anthropic `stop_reason` → canonical finish reason. */
export function finishReasonOf(stopReason: unknown): FinishReason {
  switch (stopReason) {
    case "end_turn":
      return "stop";
    case "stop_sequence":
      return "stop-sequence";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "refusal":
      return "refusal";
    case "pause_turn":
      return "pause";
    default:
      return "other";
  }
}

/**
 * Canonical finish reason → Anthropic `stop_reason`. A turn that produced tool calls is `tool_use` even when
 * the upstream said `stop` (several OpenAI-compatible providers do): Anthropic clients run tools on it.
 * A content filter is Anthropic's `refusal`; reasons Anthropic has no word for read as `end_turn`.
 */
export function stopReasonOf(reason: FinishReason, hasToolCalls: boolean): string {
  if (hasToolCalls && (reason === "stop" || reason === "tool-calls" || reason === "other")) return "tool_use";
  switch (reason) {
    case "stop-sequence":
      return "stop_sequence";
    case "length":
      return "max_tokens";
    case "tool-calls":
      return "tool_use";
    case "content-filter":
    case "refusal":
      return "refusal";
    case "pause":
      return "pause_turn";
    default:
      return "end_turn";
  }
}
