import type { TokenUsage } from "../../accounting/token-usage";
import { countField, isJsonObject } from "../shared/json-fields";
import type { GeminiUsageMetadata } from "./gemini-wire";

/**
 * Gemini `usageMetadata` ↔ canonical TokenUsage.
 *
 * Gemini counts: `promptTokenCount` (includes `cachedContentTokenCount`), `toolUsePromptTokenCount` (results of
 * server-side tools fed back to the model, billed as input, not part of the prompt count), `candidatesTokenCount`
 * (visible output only) and `thoughtsTokenCount` (thinking). Canonical input is every input token, so it is
 * prompt + tool-use prompt; canonical output is every output token, so it is candidates + thoughts, with the
 * thoughts also reported as reasoning. Gemini reports no cache writes (explicit caches are created separately).
 */
export function readUsageMetadata(usageMetadata: unknown): TokenUsage | null {
  if (!isJsonObject(usageMetadata)) return null;
  const prompt = countField(usageMetadata, "promptTokenCount");
  const toolUsePrompt = countField(usageMetadata, "toolUsePromptTokenCount");
  const candidates = countField(usageMetadata, "candidatesTokenCount");
  const thoughts = countField(usageMetadata, "thoughtsTokenCount");
  return {
    inputTokens: sumOrNull(prompt, toolUsePrompt),
    outputTokens: sumOrNull(candidates, thoughts),
    cacheReadTokens: countField(usageMetadata, "cachedContentTokenCount"),
    cacheWriteTokens: null,
    reasoningTokens: thoughts,
  };
}

/** Null only when neither was reported: an absent count next to a present one means zero so far. */
function sumOrNull(first: number | null, second: number | null): number | null {
  if (first === null && second === null) return null;
  return (first ?? 0) + (second ?? 0);
}

/**
 * Canonical usage as a Gemini client reads it. Unreported figures are left out rather than invented as zero;
 * `thoughtsTokenCount` and `cachedContentTokenCount` appear only when non-zero, as Gemini itself does.
 */
export function formatUsageMetadata(usage: TokenUsage): GeminiUsageMetadata | undefined {
  const { inputTokens, outputTokens, reasoningTokens, cacheReadTokens } = usage;
  if (inputTokens === null && outputTokens === null) return undefined;
  const metadata: GeminiUsageMetadata = {};
  if (inputTokens !== null) metadata.promptTokenCount = inputTokens;
  if (outputTokens !== null) metadata.candidatesTokenCount = Math.max(0, outputTokens - (reasoningTokens ?? 0));
  if (reasoningTokens !== null && reasoningTokens > 0) metadata.thoughtsTokenCount = reasoningTokens;
  metadata.totalTokenCount = (inputTokens ?? 0) + (outputTokens ?? 0);
  if (cacheReadTokens !== null && cacheReadTokens > 0) metadata.cachedContentTokenCount = cacheReadTokens;
  return metadata;
}
