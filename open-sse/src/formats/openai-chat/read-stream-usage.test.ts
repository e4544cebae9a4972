import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readStreamUsage } from "./read-stream-usage";

describe("readStreamUsage", () => {
  it("reads the usage of a usage chunk", () => {
    assert.deepEqual(
      readStreamUsage('{"choices":[],"usage":{"prompt_tokens":16,"completion_tokens":300,"total_tokens":316,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":0}}}'),
      { inputTokens: 16, outputTokens: 300, cacheReadTokens: 8, cacheWriteTokens: null, reasoningTokens: 0 },
    );
  });

  it("corrects xAI's completion_tokens, which leave reasoning out", () => {
    const usage = readStreamUsage('{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":303,"completion_tokens_details":{"reasoning_tokens":290}}}');
    assert.equal(usage?.outputTokens, 291);
  });

  it("reads Groq's x_groq.usage and DeepSeek's cache hits", () => {
    assert.equal(readStreamUsage('{"x_groq":{"usage":{"prompt_tokens":3,"completion_tokens":1}}}')?.inputTokens, 3);
    assert.equal(readStreamUsage('{"usage":{"prompt_tokens":339,"completion_tokens":83,"prompt_cache_hit_tokens":320}}')?.cacheReadTokens, 320);
  });

  it("returns null for chunks without usage, [DONE] and bad JSON", () => {
    assert.equal(readStreamUsage('{"choices":[{"delta":{"content":"usage"}}],"usage":null}'), null);
    assert.equal(readStreamUsage("[DONE]"), null);
    assert.equal(readStreamUsage('{"usage":'), null);
  });
});
