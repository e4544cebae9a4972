import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readGeminiStreamUsage } from "./read-stream-usage";

describe("readGeminiStreamUsage", () => {
  it("reads usageMetadata from a stream chunk", () => {
    const data = JSON.stringify({
      candidates: [{ content: { parts: [{ text: "hi" }], role: "model" }, index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 5, thoughtsTokenCount: 185, totalTokenCount: 199 },
    });
    assert.deepEqual(readGeminiStreamUsage(data), {
      inputTokens: 9,
      outputTokens: 190,
      cacheReadTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: 185,
    });
  });

  it("is null for chunks without usage and for data that is not JSON", () => {
    assert.equal(readGeminiStreamUsage(JSON.stringify({ candidates: [] })), null);
    assert.equal(readGeminiStreamUsage('{"usageMetadata": '), null);
    assert.equal(readGeminiStreamUsage(""), null);
  });
});
