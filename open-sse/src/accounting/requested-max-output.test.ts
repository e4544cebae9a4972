import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestedMaxOutputTokens } from "./requested-max-output";

describe("requestedMaxOutputTokens", () => {
  it("reads the cap of every client format", () => {
    assert.equal(requestedMaxOutputTokens({ max_completion_tokens: 100, max_tokens: 5 }), 100);
    assert.equal(requestedMaxOutputTokens({ max_tokens: 4096 }), 4096);
    assert.equal(requestedMaxOutputTokens({ max_output_tokens: 300 }), 300);
    assert.equal(requestedMaxOutputTokens({ generationConfig: { maxOutputTokens: 64 } }), 64);
    assert.equal(requestedMaxOutputTokens({ options: { num_predict: 12 } }), 12);
  });

  it("is null when absent or not a positive integer", () => {
    assert.equal(requestedMaxOutputTokens({}), null);
    assert.equal(requestedMaxOutputTokens({ max_tokens: "100" }), null);
    assert.equal(requestedMaxOutputTokens({ max_tokens: -1, generationConfig: [1] }), null);
  });
});
