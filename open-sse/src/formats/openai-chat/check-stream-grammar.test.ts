import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import { streamGrammarProblems } from "./check-stream-grammar";

describe("streamGrammarProblems", () => {
  it("accepts a well-formed stream, with a late usage", () => {
    assert.deepEqual(
      streamGrammarProblems([
        { type: "message-start" },
        { type: "tool-call-start", index: 0, id: "a", name: "f" },
        { type: "tool-call-start", index: 1, id: "b", name: "g" },
        { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
        { type: "tool-call-end", index: 1 },
        { type: "tool-call-end", index: 0 },
        { type: "finish", reason: "tool-calls" },
        { type: "usage", usage: NO_USAGE },
      ]),
      [],
    );
  });

  it("names each violation", () => {
    assert.deepEqual(
      streamGrammarProblems([
        { type: "text-delta", text: "" },
        { type: "tool-call-start", index: 1, id: "a", name: "f" },
        { type: "tool-call-delta", index: 0, argumentsDelta: "{" },
        { type: "finish", reason: "stop" },
        { type: "finish", reason: "stop" },
      ]),
      [
        "first event is text-delta, not message-start",
        "event 0 (text-delta): empty text",
        "event 1 (tool-call-start): index 1, expected 0",
        "event 2 (tool-call-delta): delta for call 0, which is not open",
        "event 3 (finish): calls still open: 1",
        "event 4 (finish) after finish",
        "event 4 (finish): calls still open: 1",
      ],
    );
    assert.deepEqual(streamGrammarProblems([{ type: "message-start" }]), ["no finish and no error"]);
  });
});
