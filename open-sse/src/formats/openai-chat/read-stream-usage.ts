import type { TokenUsage } from "../../accounting/token-usage";
import { fieldOf, tryParseJson } from "../shared/json-fields";
import { readCompletionUsage } from "./read-completion-usage";

/**
 * The usage one `chat.completion.chunk` carries, for the passthrough usage tap; null when it carries none
 * (`"usage": null` on every chunk but the last is normal). Groq also repeats it under `x_groq.usage`, which
 * older Groq streams used alone.
 */
export function readStreamUsage(data: string): TokenUsage | null {
  const chunk = tryParseJson(data);
  return readCompletionUsage(fieldOf(chunk, "usage")) ?? readCompletionUsage(fieldOf(fieldOf(chunk, "x_groq"), "usage"));
}
