import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import { formatUsageMetadata, readUsageMetadata } from "./usage-metadata";

describe("readUsageMetadata", () => {
  it("adds thoughts to output and tool-use prompt to input; cached tokens stay a subset", () => {
    assert.deepEqual(
      readUsageMetadata({
        promptTokenCount: 120,
        cachedContentTokenCount: 100,
        toolUsePromptTokenCount: 7,
        candidatesTokenCount: 23,
        thoughtsTokenCount: 185,
        totalTokenCount: 335,
      }),
      { inputTokens: 127, outputTokens: 208, cacheReadTokens: 100, cacheWriteTokens: null, reasoningTokens: 185 },
    );
  });

  it("keeps unreported figures null and reads an early chunk without candidates", () => {
    assert.deepEqual(readUsageMetadata({ promptTokenCount: 9, thoughtsTokenCount: 40 }), {
      inputTokens: 9,
      outputTokens: 40,
      cacheReadTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: 40,
    });
    assert.deepEqual(readUsageMetadata({}), NO_USAGE);
    assert.equal(readUsageMetadata(undefined), null);
    assert.equal(readUsageMetadata([1]), null);
  });
});

describe("formatUsageMetadata", () => {
  it("splits reasoning back out of output", () => {
    assert.deepEqual(
      formatUsageMetadata({ inputTokens: 29, outputTokens: 60, cacheReadTokens: 10, cacheWriteTokens: 5, reasoningTokens: 45 }),
      { promptTokenCount: 29, candidatesTokenCount: 15, thoughtsTokenCount: 45, totalTokenCount: 89, cachedContentTokenCount: 10 },
    );
  });

  it("omits what was not reported and zero thoughts", () => {
    assert.deepEqual(formatUsageMetadata({ inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: null, reasoningTokens: 0 }), {
      promptTokenCount: 3,
      candidatesTokenCount: 4,
      totalTokenCount: 7,
    });
    assert.equal(formatUsageMetadata(NO_USAGE), undefined);
  });

  it("round-trips Gemini's own figures", () => {
    const original = { promptTokenCount: 9, candidatesTokenCount: 23, thoughtsTokenCount: 185, totalTokenCount: 217 };
    const usage = readUsageMetadata(original);
    assert.ok(usage !== null);
    assert.deepEqual(formatUsageMetadata(usage), original);
  });
});
