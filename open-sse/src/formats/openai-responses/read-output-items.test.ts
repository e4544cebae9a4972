import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { functionCallPart, messageTexts, reasoningPart } from "./read-output-items";

describe("read-output-items", () => {
  it("reads message texts and refusals", () => {
    assert.deepEqual(messageTexts({ content: [{ type: "output_text", text: "a" }, { type: "refusal", refusal: "r" }, { type: "output_text", text: "b" }] }), { text: "ab", refusal: "r" });
    assert.deepEqual(messageTexts({}), { text: "", refusal: "" });
  });

  it("reads reasoning: summary first, raw text otherwise, nothing when empty", () => {
    assert.deepEqual(reasoningPart({ id: "rs_1", summary: [{ type: "summary_text", text: "s" }], content: [{ type: "reasoning_text", text: "raw" }], encrypted_content: "e" }), {
      type: "reasoning",
      text: "s",
      signature: { format: "openai-responses", value: "e" },
      itemId: "rs_1",
    });
    assert.deepEqual(reasoningPart({ summary: [], content: [{ type: "reasoning_text", text: "raw" }] }), { type: "reasoning", text: "raw" });
    assert.equal(reasoningPart({ summary: [], encrypted_content: "" }), undefined);
  });

  it("reads function calls, flattening a namespace and defaulting empty arguments", () => {
    assert.deepEqual(functionCallPart({ call_id: "c", name: "spawn_agent", namespace: "multi_agent_v1", arguments: "" }), { type: "tool-call", id: "c", name: "multi_agent_v1__spawn_agent", arguments: "{}" });
    assert.deepEqual(functionCallPart({ id: "fc_1", name: "f", arguments: '{"a":1}' }), { type: "tool-call", id: "fc_1", name: "f", arguments: '{"a":1}' });
  });
});
