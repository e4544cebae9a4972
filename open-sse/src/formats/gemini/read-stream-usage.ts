import type { TokenUsage } from "../../accounting/token-usage";
import { fieldOf, tryParseJson } from "../shared/json-fields";
import { readUsageMetadata } from "./usage-metadata";

/**
 * Usage carried by one `streamGenerateContent?alt=sse` event, for the passthrough usage tap. Gemini repeats
 * running totals on every chunk, so any chunk's figures are the latest; the tap keeps the largest.
 */
export function readGeminiStreamUsage(data: string): TokenUsage | null {
  return readUsageMetadata(fieldOf(tryParseJson(data), "usageMetadata"));
}
