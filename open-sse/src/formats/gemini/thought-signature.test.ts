import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wrapSignature } from "../../core/signature-envelope";
import { readClientThoughtSignature, SKIP_THOUGHT_SIGNATURE_VALIDATOR } from "./thought-signature";

describe("readClientThoughtSignature", () => {
  it("reads a bare token as Gemini's own", () => {
    assert.deepEqual(readClientThoughtSignature("EqsFCqgF"), { format: "gemini", value: "EqsFCqgF" });
  });

  it("unwraps a token another format issued", () => {
    const token = wrapSignature({ format: "anthropic-messages", value: "sig-abc" }, "gemini");
    assert.deepEqual(readClientThoughtSignature(token), { format: "anthropic-messages", value: "sig-abc" });
  });

  it("treats the documented placeholders, our none-marker and non-strings as no signature", () => {
    assert.equal(readClientThoughtSignature(SKIP_THOUGHT_SIGNATURE_VALIDATOR), undefined);
    assert.equal(readClientThoughtSignature("context_engineering_is_the_way_to_go"), undefined);
    assert.equal(readClientThoughtSignature(wrapSignature(undefined, "gemini")), undefined);
    assert.equal(readClientThoughtSignature(""), undefined);
    assert.equal(readClientThoughtSignature(42), undefined);
  });
});
