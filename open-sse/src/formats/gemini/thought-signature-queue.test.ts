import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ThoughtSignatureQueue } from "./thought-signature-queue";

describe("ThoughtSignatureQueue", () => {
  it("puts a held token on the next part that has none", () => {
    const queue = new ThoughtSignatureQueue();
    assert.deepEqual(queue.hold("A"), []);
    assert.deepEqual(queue.place({ text: "answer" }), [{ text: "answer", thoughtSignature: "A" }]);
    assert.deepEqual(queue.place({ text: "more" }), [{ text: "more" }]);
    assert.deepEqual(queue.flush(), []);
  });

  it("writes a token on an empty thought part when the next part has its own, another token comes, or at the end", () => {
    const queue = new ThoughtSignatureQueue();
    queue.hold("A");
    assert.deepEqual(queue.place({ functionCall: { name: "f", args: {} }, thoughtSignature: "OWN" }), [
      { text: "", thought: true, thoughtSignature: "A" },
      { functionCall: { name: "f", args: {} }, thoughtSignature: "OWN" },
    ]);
    queue.hold("B");
    assert.deepEqual(queue.hold("C"), [{ text: "", thought: true, thoughtSignature: "B" }]);
    assert.deepEqual(queue.flush(), [{ text: "", thought: true, thoughtSignature: "C" }]);
  });
});
