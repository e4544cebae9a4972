import type { FinishReason } from "../../core/canonical-response";

/** Gemini stops that mean "the provider's filters withheld the output". */
const FILTERED = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/**
 * A Gemini `finishReason` in canonical terms. Gemini says `STOP` also when the turn ends in function calls, so
 * whether the answer contained any decides between `stop` and `tool-calls`. A malformed or unexpected function
 * call is the model failing inside the response (Gemini CLI retries it), hence `error`.
 */
export function finishReasonFromGemini(reason: string, hadToolCalls: boolean): FinishReason {
  if (reason === "STOP") return hadToolCalls ? "tool-calls" : "stop";
  if (reason === "MAX_TOKENS" || reason === "CONTINUATION") return "length";
  if (FILTERED.has(reason)) return "content-filter";
  if (reason === "MALFORMED_FUNCTION_CALL" || reason === "UNEXPECTED_TOOL_CALL") return "error";
  return "other";
}

/**
 * The `finishReason` a Gemini client sees. Function calls end with `STOP` (as Gemini does); a refusal is
 * reported like Gemini's own safety stop; Anthropic's `pause_turn` and upstream failures have no Gemini word.
 */
export function geminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case "stop":
    case "stop-sequence":
    case "tool-calls":
      return "STOP";
    case "length":
      return "MAX_TOKENS";
    case "content-filter":
    case "refusal":
      return "SAFETY";
    case "pause":
    case "error":
    case "other":
      return "OTHER";
  }
}
