import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalMessage, CanonicalTool } from "../../core/canonical-request";
import { formatInputItems } from "./format-input-items";
import { namespacedNames } from "./tool-namespaces";

const tools: CanonicalTool[] = [
  { type: "native", format: "openai-responses", definition: { type: "namespace", name: "multi_agent_v1", tools: [{ type: "function", name: "spawn_agent" }] } },
];
const names = namespacedNames(tools);

describe("formatInputItems", () => {
  it("writes a tool round trip as Codex does", () => {
    const messages: CanonicalMessage[] = [
      { role: "user", parts: [{ type: "text", text: "hi" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AA==" }, detail: "high" }] },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "think", signature: { format: "openai-responses", value: "gAAA" }, itemId: "rs_1" },
          { type: "reasoning", text: "claude thought", signature: { format: "anthropic-messages", value: "sig" } },
          { type: "reasoning", text: "unsigned" },
          { type: "text", text: "Let me " },
          { type: "text", text: "check." },
          { type: "tool-call", id: "call_1", name: "multi_agent_v1__spawn_agent", arguments: "{}" },
          { type: "tool-call", id: "toolu_2", name: "shell", arguments: '{"cmd":"ls"}' },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "tool-result", toolCallId: "call_1", toolName: "multi_agent_v1__spawn_agent", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] },
          { type: "tool-result", toolCallId: "toolu_2", toolName: "shell", content: [{ type: "text", text: "x" }, { type: "image", source: { kind: "url", url: "https://x.test/i.png" } }] },
          { type: "text", text: "continue" },
          { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" } },
        ],
      },
    ];
    assert.deepEqual(formatInputItems(messages, { names, sendReasoningIds: false }), [
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "hi" },
          { type: "input_image", image_url: "data:image/png;base64,AA==", detail: "high" },
        ],
      },
      { type: "reasoning", summary: [{ type: "summary_text", text: "think" }], encrypted_content: "gAAA" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Let me check." }] },
      { type: "function_call", call_id: "call_1", name: "spawn_agent", namespace: "multi_agent_v1", arguments: "{}" },
      { type: "function_call", call_id: "toolu_2", name: "shell", arguments: '{"cmd":"ls"}' },
      { type: "function_call_output", call_id: "call_1", output: "a\nb" },
      {
        type: "function_call_output",
        call_id: "toolu_2",
        output: [
          { type: "input_text", text: "x" },
          { type: "input_image", image_url: "https://x.test/i.png", detail: "auto" },
        ],
      },
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "continue" },
          { type: "input_file", filename: "document.pdf", file_data: "data:application/pdf;base64,JVBER" },
        ],
      },
    ]);
  });

  it("sends reasoning item ids only for stored conversations", () => {
    const messages: CanonicalMessage[] = [
      { role: "assistant", parts: [{ type: "reasoning", text: "", signature: { format: "openai-responses", value: "gAAA" }, itemId: "rs_1" }, { type: "text", text: "ok" }] },
    ];
    assert.deepEqual(formatInputItems(messages, { names, sendReasoningIds: true })[0], { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAA" });
    assert.deepEqual(formatInputItems(messages, { names, sendReasoningIds: false })[0], { type: "reasoning", summary: [], encrypted_content: "gAAA" });
  });
});
