import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { finishReasonFromGemini, geminiFinishReason } from "./finish-reason";

describe("finishReasonFromGemini", () => {
  it("maps Gemini's reasons", () => {
    assert.equal(finishReasonFromGemini("STOP", false), "stop");
    assert.equal(finishReasonFromGemini("STOP", true), "tool-calls");
    assert.equal(finishReasonFromGemini("MAX_TOKENS", false), "length");
    for (const reason of ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]) {
      assert.equal(finishReasonFromGemini(reason, false), "content-filter", reason);
    }
    assert.equal(finishReasonFromGemini("MALFORMED_FUNCTION_CALL", false), "error");
    assert.equal(finishReasonFromGemini("OTHER", false), "other");
    assert.equal(finishReasonFromGemini("LANGUAGE", false), "other");
    assert.equal(finishReasonFromGemini("SOMETHING_NEW", true), "other");
  });
});

describe("geminiFinishReason", () => {
  it("maps canonical reasons", () => {
    assert.equal(geminiFinishReason("stop"), "STOP");
    assert.equal(geminiFinishReason("stop-sequence"), "STOP");
    assert.equal(geminiFinishReason("tool-calls"), "STOP");
    assert.equal(geminiFinishReason("length"), "MAX_TOKENS");
    assert.equal(geminiFinishReason("content-filter"), "SAFETY");
    assert.equal(geminiFinishReason("refusal"), "SAFETY");
    assert.equal(geminiFinishReason("pause"), "OTHER");
    assert.equal(geminiFinishReason("error"), "OTHER");
  });
});
