import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { finishReasonOf, stopReasonOf } from "./map-stop-reason";

describe("finishReasonOf", () => {
  it("maps every Anthropic stop reason", () => {
    assert.equal(finishReasonOf("end_turn"), "stop");
    assert.equal(finishReasonOf("max_tokens"), "length");
    assert.equal(finishReasonOf("stop_sequence"), "stop-sequence");
    assert.equal(finishReasonOf("tool_use"), "tool-calls");
    assert.equal(finishReasonOf("refusal"), "refusal");
    assert.equal(finishReasonOf("pause_turn"), "pause");
    assert.equal(finishReasonOf("model_context_window_exceeded"), "length");
    assert.equal(finishReasonOf(null), "other");
    assert.equal(finishReasonOf("something_new"), "other");
  });
});

describe("stopReasonOf", () => {
  it("maps canonical finish reasons back", () => {
    assert.equal(stopReasonOf("stop", false), "end_turn");
    assert.equal(stopReasonOf("stop-sequence", false), "stop_sequence");
    assert.equal(stopReasonOf("length", false), "max_tokens");
    assert.equal(stopReasonOf("tool-calls", true), "tool_use");
    assert.equal(stopReasonOf("content-filter", false), "refusal");
    assert.equal(stopReasonOf("refusal", false), "refusal");
    assert.equal(stopReasonOf("pause", false), "pause_turn");
    assert.equal(stopReasonOf("error", false), "end_turn");
    assert.equal(stopReasonOf("other", false), "end_turn");
  });

  it("says tool_use when the turn made tool calls but the upstream said stop", () => {
    assert.equal(stopReasonOf("stop", true), "tool_use");
    assert.equal(stopReasonOf("length", true), "max_tokens");
  });
});
