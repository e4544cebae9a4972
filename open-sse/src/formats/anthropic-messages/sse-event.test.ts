import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sseEvent } from "./sse-event";

describe("sseEvent", () => {
  it("writes an event line, one data line of JSON and a blank line", () => {
    assert.equal(sseEvent("message_stop", { type: "message_stop" }), 'event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it("keeps newlines inside the JSON escaped, so the data stays on one line", () => {
    const text = sseEvent("content_block_delta", { text: "a\nb" });
    assert.equal(text.split("\n").length, 4);
    assert.ok(text.includes('"a\\nb"'));
  });
});
