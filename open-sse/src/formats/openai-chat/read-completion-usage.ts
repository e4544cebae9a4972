import type { TokenUsage } from "../../accounting/token-usage";
import { fieldOf } from "../shared/json-fields";
import { readChatUsage } from "./read-chat-usage";

/**
 * An OpenAI Chat `usage` object in canonical semantics (see accounting/token-usage.ts): `outputTokens`
 * includes reasoning. OpenAI and most compatible providers already count reasoning inside
 * `completion_tokens`; xAI does not (grok: `completion_tokens` 1, `reasoning_tokens` 290, `total_tokens` =
 * prompt + completion + reasoning), which the totals reveal, so reasoning is added back exactly then.
 */
export function readCompletionUsage(usage: unknown): TokenUsage | null {
  const read = readChatUsage(usage);
  if (read === null) return null;
  const total = fieldOf(usage, "total_tokens");
  const { inputTokens, outputTokens, reasoningTokens } = read;
  if (
    typeof total === "number" &&
    inputTokens !== null &&
    outputTokens !== null &&
    reasoningTokens !== null &&
    reasoningTokens > 0 &&
    total === inputTokens + outputTokens + reasoningTokens
  ) {
    return { ...read, outputTokens: outputTokens + reasoningTokens };
  }
  return read;
}
