import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { finishReasonOf, statusOf } from "./finish-reason";

describe("finishReasonOf / statusOf", () => {
  it("reads Responses statuses", () => {
    assert.equal(finishReasonOf({ status: "completed", incompleteDetails: null }), "stop");
    assert.equal(finishReasonOf({ status: "incomplete", incompleteDetails: { reason: "max_output_tokens" } }), "length");
    assert.equal(finishReasonOf({ status: "incomplete", incompleteDetails: { reason: "content_filter" } }), "content-filter");
    assert.equal(finishReasonOf({ status: "incomplete", incompleteDetails: null }), "length");
    assert.equal(finishReasonOf({ status: "failed", incompleteDetails: null }), "error");
    assert.equal(finishReasonOf({ status: "cancelled", incompleteDetails: null }), "other");
  });

  it("writes them back", () => {
    assert.deepEqual(statusOf("tool-calls"), { status: "completed", incompleteDetails: null });
    assert.deepEqual(statusOf("length"), { status: "incomplete", incompleteDetails: { reason: "max_output_tokens" } });
    assert.deepEqual(statusOf("content-filter"), { status: "incomplete", incompleteDetails: { reason: "content_filter" } });
    assert.deepEqual(statusOf("error"), { status: "failed", incompleteDetails: null });
    for (const reason of ["stop", "tool-calls", "length", "content-filter"] as const) {
      const { status, incompleteDetails } = statusOf(reason);
      const back = finishReasonOf({ status, incompleteDetails });
      assert.equal(back, reason === "tool-calls" ? "stop" : reason);
    }
  });
});
