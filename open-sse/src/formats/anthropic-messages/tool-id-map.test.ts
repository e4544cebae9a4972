import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalMessage } from "../../core/canonical-request";
import { ToolIdMap } from "./tool-id-map";

function conversation(ids: string[]): CanonicalMessage[] {
  return [
    { role: "assistant", parts: ids.map((id) => ({ type: "tool-call" as const, id, name: "f", arguments: "{}" })) },
    { role: "user", parts: ids.map((id) => ({ type: "tool-result" as const, toolCallId: id, toolName: "f", content: [] })) },
  ];
}

describe("ToolIdMap", () => {
  it("keeps valid ids unchanged", () => {
    const map = ToolIdMap.forMessages(conversation(["toolu_01A", "call_abc-1"]));
    assert.equal(map.idFor("toolu_01A"), "toolu_01A");
    assert.equal(map.idFor("call_abc-1"), "call_abc-1");
  });

  it("rewrites invalid characters the same way every time", () => {
    const map = ToolIdMap.forMessages(conversation(["call.1:x"]));
    assert.equal(map.idFor("call.1:x"), "call_1_x");
    assert.equal(map.idFor("call.1:x"), "call_1_x");
  });

  it("never lets a rewritten id collide with a valid one, whichever comes first", () => {
    const map = ToolIdMap.forMessages(conversation(["a.b", "a_b", "a:b"]));
    assert.equal(map.idFor("a_b"), "a_b");
    const rewritten = [map.idFor("a.b"), map.idFor("a:b")];
    assert.deepEqual(rewritten, ["a_b_2", "a_b_3"]);
  });

  it("gives an id of nothing but invalid characters a valid name", () => {
    const map = ToolIdMap.forMessages(conversation([""]));
    assert.match(map.idFor(""), /^[a-zA-Z0-9_-]+$/);
  });
});
