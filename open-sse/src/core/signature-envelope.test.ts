import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unwrapSignature, wrapSignature } from "./signature-envelope";

describe("signature envelope", () => {
  it("hands a client its own format's tokens unchanged, and reads them back as that format's", () => {
    assert.equal(wrapSignature({ format: "anthropic-messages", value: "EqQB" }, "anthropic-messages"), "EqQB");
    assert.deepEqual(unwrapSignature("EqQB", "anthropic-messages"), { format: "anthropic-messages", value: "EqQB" });
  });

  it("wraps another format's token with its origin, and unwraps it to that origin", () => {
    const token = wrapSignature({ format: "openai-responses", value: "gAAAA.b.c" }, "anthropic-messages");
    assert.equal(token, "omr1.openai-responses.gAAAA.b.c");
    assert.deepEqual(unwrapSignature(token, "anthropic-messages"), { format: "openai-responses", value: "gAAAA.b.c" });
  });

  it("marks reasoning without a token, and reads that mark as no usable signature", () => {
    assert.equal(wrapSignature(undefined, "anthropic-messages"), "omr1.none.");
    assert.equal(unwrapSignature("omr1.none.", "anthropic-messages"), undefined);
    assert.equal(unwrapSignature("omr1.unknown-format.x", "gemini"), undefined);
    assert.equal(unwrapSignature("omr1.gemini", "gemini"), undefined);
    assert.equal(unwrapSignature("", "gemini"), undefined);
  });

  it("keeps a redacted block redacted through a client of another format", () => {
    const token = wrapSignature({ format: "anthropic-messages", value: "EmData", redacted: true }, "gemini");
    assert.equal(token, "omr1r.anthropic-messages.EmData");
    assert.deepEqual(unwrapSignature(token, "gemini"), { format: "anthropic-messages", value: "EmData", redacted: true });
    // To its own format it is just the data (the Anthropic formatter writes it as redacted_thinking).
    assert.equal(wrapSignature({ format: "anthropic-messages", value: "EmData", redacted: true }, "anthropic-messages"), "EmData");
  });
});
