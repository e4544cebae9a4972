import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalMessage } from "../../core/canonical-request";
import { formatMessages, lastAssistantCallsToolsWithoutThinking } from "./format-messages";
import { ToolIdMap } from "./tool-id-map";

function format(messages: CanonicalMessage[]) {
  return formatMessages(messages, ToolIdMap.forMessages(messages));
}

describe("formatMessages", () => {
  it("merges consecutive messages of one role and puts tool results first", () => {
    const formatted = format([
      { role: "user", parts: [{ type: "text", text: "weather?" }] },
      { role: "assistant", parts: [{ type: "tool-call", id: "t1", name: "w", arguments: "{}" }] },
      { role: "user", parts: [{ type: "text", text: "also this" }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "t1", toolName: "w", content: [{ type: "text", text: "sunny" }] }] },
    ]);
    assert.deepEqual(formatted, [
      { role: "user", content: [{ type: "text", text: "weather?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "w", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "sunny" }] }, { type: "text", text: "also this" }] },
    ]);
  });

  it("drops a message left empty and merges its neighbours", () => {
    const formatted = format([
      { role: "user", parts: [{ type: "text", text: "one" }] },
      { role: "assistant", parts: [{ type: "text", text: "   " }, { type: "reasoning", text: "foreign", signature: { format: "gemini", value: "sig" } }] },
      { role: "user", parts: [{ type: "text", text: "two" }] },
    ]);
    assert.deepEqual(formatted, [{ role: "user", content: [{ type: "text", text: "one" }, { type: "text", text: "two" }] }]);
  });

  it("trims trailing whitespace from a final assistant prefill", () => {
    const formatted = format([
      { role: "user", parts: [{ type: "text", text: "q" }] },
      { role: "assistant", parts: [{ type: "text", text: "The answer is " }] },
    ]);
    assert.deepEqual(formatted.at(-1), { role: "assistant", content: [{ type: "text", text: "The answer is" }] });
  });
});

describe("lastAssistantCallsToolsWithoutThinking", () => {
  it("is true for a tool loop whose last assistant turn does not open with thinking", () => {
    assert.equal(lastAssistantCallsToolsWithoutThinking([{ role: "assistant", content: [{ type: "text", text: "x" }, { type: "tool_use" }] }]), true);
    assert.equal(lastAssistantCallsToolsWithoutThinking([{ role: "assistant", content: [{ type: "thinking" }, { type: "tool_use" }] }]), false);
    assert.equal(lastAssistantCallsToolsWithoutThinking([{ role: "assistant", content: [{ type: "redacted_thinking" }, { type: "tool_use" }] }]), false);
    assert.equal(lastAssistantCallsToolsWithoutThinking([{ role: "assistant", content: [{ type: "text", text: "done" }] }]), false);
    assert.equal(lastAssistantCallsToolsWithoutThinking([{ role: "user", content: [{ type: "text", text: "hi" }] }]), false);
  });
});
