import type { FinishReason } from "../../core/canonical-response";

/**
 * OpenAI `finish_reason` → canonical. OpenAI-compatible providers add their own values (DeepSeek
 * `insufficient_system_resource`, Mistral `model_length`, proxies of Anthropic `end_turn`); the known ones
 * are mapped, the rest read as "other".
 *
 * Several providers (Gemini's OpenAI endpoint, Ollama, some vLLM builds) answer `stop` although the turn
 * ended in tool calls; a client of a format that keys on the finish reason (Anthropic `tool_use`) would then
 * not run them, so a turn with tool calls reports "tool-calls" when the provider said only `stop`.
 */
export function finishReasonFromChat(value: unknown, hadToolCalls: boolean): FinishReason {
  const reason = mapChatFinishReason(value);
  return reason === "stop" && hadToolCalls ? "tool-calls" : reason;
}

function mapChatFinishReason(value: unknown): FinishReason {
  switch (value) {
    case "stop":
    case "end_turn":
    case "eos":
      return "stop";
    case "length":
    case "max_tokens":
    case "model_length":
      return "length";
    case "tool_calls":
    case "function_call":
    case "tool_use":
      return "tool-calls";
    case "content_filter":
      return "content-filter";
    case "stop_sequence":
      return "stop-sequence";
    case "error":
    case "insufficient_system_resource":
      return "error";
    default:
      return "other";
  }
}

/**
 * Canonical → OpenAI `finish_reason`. OpenAI has no refusal, pause or stop-sequence reason; those end the
 * turn normally and read as `stop`. An upstream failure reported as a finish reason ("error") is sent as
 * `"error"`: not one of OpenAI's documented values, but providers already send their own (DeepSeek's
 * `insufficient_system_resource`), SDKs pass unknown values through, and `stop` would present a failed
 * answer as a complete one.
 */
export function chatFinishReason(reason: FinishReason): string {
  switch (reason) {
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    case "error":
      return "error";
    case "stop":
    case "stop-sequence":
    case "refusal":
    case "pause":
    case "other":
      return "stop";
  }
}
