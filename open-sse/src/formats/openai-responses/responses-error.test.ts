import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorEventData, responsesErrorCode } from "./responses-error";
import { sseEvent } from "./sse-event";

describe("responsesErrorCode", () => {
  it("keeps the codes Codex acts on and maps the rest to the nearest", () => {
    assert.equal(responsesErrorCode("context_length_exceeded"), "context_length_exceeded");
    assert.equal(responsesErrorCode("insufficient_quota"), "insufficient_quota");
    assert.equal(responsesErrorCode("upstream_rate_limited"), "rate_limit_exceeded");
    assert.equal(responsesErrorCode("rate_limit_error"), "rate_limit_exceeded");
    assert.equal(responsesErrorCode("stream_interrupted"), "server_error");
    assert.equal(responsesErrorCode(undefined), "server_error");
  });
});

describe("errorEventData / sseEvent", () => {
  it("writes the error event in both shapes, named by its type", () => {
    const text = sseEvent({ ...errorEventData("server_error", "boom"), sequence_number: 7 });
    assert.equal(text, `event: error\ndata: ${JSON.stringify({ type: "error", code: "server_error", message: "boom", param: null, error: { type: "server_error", code: "server_error", message: "boom", param: null }, sequence_number: 7 })}\n\n`);
  });
});
