import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wrapSignature } from "../../core/signature-envelope";
import { parseContents } from "./parse-contents";

describe("parseContents", () => {
  it("reads roles (missing = user) and text, skipping empty text", () => {
    assert.deepEqual(
      parseContents([
        { parts: [{ text: "<session_context>" }, { text: "say hi" }] },
        { role: "model", parts: [{ text: "" }, { text: "hi" }] },
      ]),
      [
        { role: "user", parts: [{ type: "text", text: "<session_context>" }, { type: "text", text: "say hi" }] },
        { role: "assistant", parts: [{ type: "text", text: "hi" }] },
      ],
    );
  });

  it("replays Gemini CLI's second turn: invented call id, echoed signature, error response", () => {
    const messages = parseContents([
      { role: "user", parts: [{ text: "weather in SF?" }] },
      {
        role: "model",
        parts: [{ functionCall: { id: "weather_1767000000_0", name: "weather", args: { location: "San Francisco" } }, thoughtSignature: "EqUCCqIC" }],
      },
      { role: "user", parts: [{ functionResponse: { id: "weather_1767000000_0", name: "weather", response: { error: 'Tool "weather" not found.' } } }] },
    ]);
    assert.deepEqual(messages[1], {
      role: "assistant",
      parts: [
        {
          type: "tool-call",
          id: "weather_1767000000_0",
          name: "weather",
          arguments: '{"location":"San Francisco"}',
          signature: { format: "gemini", value: "EqUCCqIC" },
        },
      ],
    });
    assert.deepEqual(messages[2], {
      role: "user",
      parts: [{ type: "tool-result", toolCallId: "weather_1767000000_0", toolName: "weather", content: [{ type: "text", text: 'Tool "weather" not found.' }], isError: true }],
    });
  });

  it("derives ids for calls without one and pairs responses by name, earliest first", () => {
    const messages = parseContents([
      { role: "user", parts: [{ text: "go" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "read", args: { path: "a" } } },
          { functionCall: { name: "read", args: { path: "b" } } },
          { functionCall: { name: "list" } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "list", response: { output: "a b" } } },
          { functionResponse: { name: "read", response: { output: "A" } } },
          { functionResponse: { name: "read", response: { lines: 2, text: "B" } } },
        ],
      },
    ]);
    const calls = messages[1]?.parts.map((part) => (part.type === "tool-call" ? [part.id, part.arguments] : undefined));
    assert.deepEqual(calls, [
      ["call_1_0", '{"path":"a"}'],
      ["call_1_1", '{"path":"b"}'],
      ["call_1_2", "{}"],
    ]);
    const results = messages[2]?.parts.map((part) => (part.type === "tool-result" ? [part.toolCallId, part.content] : undefined));
    assert.deepEqual(results, [
      ["call_1_2", [{ type: "text", text: "a b" }]],
      ["call_1_0", [{ type: "text", text: "A" }]],
      ["call_1_1", [{ type: "text", text: '{"lines":2,"text":"B"}' }]],
    ]);
  });

  it("keeps thoughts as reasoning and places signatures where they belong", () => {
    const foreign = wrapSignature({ format: "openai-responses", value: "enc-1" }, "gemini");
    const [message] = parseContents([
      {
        role: "model",
        parts: [
          { text: "Let me think", thought: true },
          { text: "", thought: true, thoughtSignature: "SIG_THOUGHT" },
          { text: "Answer", thoughtSignature: "SIG_TEXT" },
          { functionCall: { id: "c1", name: "f", args: {} }, thoughtSignature: foreign },
          { functionCall: { id: "c2", name: "g", args: {} }, thoughtSignature: "skip_thought_signature_validator" },
        ],
      },
    ]);
    assert.deepEqual(message?.parts, [
      { type: "reasoning", text: "Let me think", signature: { format: "gemini", value: "SIG_THOUGHT" } },
      { type: "reasoning", text: "", signature: { format: "gemini", value: "SIG_TEXT" } },
      { type: "text", text: "Answer" },
      { type: "reasoning", text: "", signature: { format: "openai-responses", value: "enc-1" } },
      { type: "tool-call", id: "c1", name: "f", arguments: "{}" },
      { type: "tool-call", id: "c2", name: "g", arguments: "{}" },
    ]);
  });

  it("joins another format's token with the thought text it signs, when the client kept that text", () => {
    const token = wrapSignature({ format: "anthropic-messages", value: "claude-sig" }, "gemini");
    const [kept, dropped] = parseContents([
      { role: "model", parts: [{ text: "Claude thinking", thought: true }, { text: "Answer", thoughtSignature: token }] },
      { role: "model", parts: [{ text: "Answer", thoughtSignature: token }] },
    ]);
    assert.deepEqual(kept?.parts, [
      { type: "reasoning", text: "Claude thinking", signature: { format: "anthropic-messages", value: "claude-sig" } },
      { type: "text", text: "Answer" },
    ]);
    assert.deepEqual(dropped?.parts, [
      { type: "reasoning", text: "", signature: { format: "anthropic-messages", value: "claude-sig" } },
      { type: "text", text: "Answer" },
    ]);
  });

  it("joins consecutive thought parts into one reasoning block, closed by its signature", () => {
    const token = wrapSignature({ format: "anthropic-messages", value: "s" }, "gemini");
    const [message] = parseContents([
      {
        role: "model",
        parts: [
          { text: "Count", thought: true },
          { text: "ing", thought: true },
          { text: "", thought: true, thoughtSignature: token },
          { text: "Next", thought: true },
        ],
      },
    ]);
    assert.deepEqual(message?.parts, [
      { type: "reasoning", text: "Counting", signature: { format: "anthropic-messages", value: "s" } },
      { type: "reasoning", text: "Next" },
    ]);
  });

  it("reads inline and file data as images or files, in either field spelling", () => {
    const [message] = parseContents([
      {
        role: "user",
        parts: [
          { inlineData: { mimeType: "image/png", data: "iVBORw0" } },
          { inline_data: { mime_type: "application/pdf", data: "JVBERi0" } },
          { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
          { file_data: { file_uri: "https://generativelanguage.googleapis.com/v1beta/files/abc", mime_type: "video/mp4" } },
        ],
      },
    ]);
    assert.deepEqual(message?.parts, [
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0" } },
      { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0" } },
      { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
      { type: "file", source: { kind: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/abc" } },
    ]);
  });

  it("keeps code-execution turns readable as text and images of function responses", () => {
    const [model, user] = parseContents([
      { role: "model", parts: [{ executableCode: { language: "PYTHON", code: "print(1)" } }, { codeExecutionResult: { outcome: "OUTCOME_OK", output: "1\n" } }] },
      { role: "user", parts: [{ functionResponse: { id: "s", name: "shot", response: { output: "ok" }, parts: [{ inlineData: { mimeType: "image/png", data: "AA" } }] } }] },
    ]);
    assert.deepEqual(model?.parts, [
      { type: "text", text: "```python\nprint(1)\n```" },
      { type: "text", text: "1\n" },
    ]);
    assert.deepEqual(user?.parts, [
      {
        type: "tool-result",
        toolCallId: "s",
        toolName: "shot",
        content: [
          { type: "text", text: "ok" },
          { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AA" } },
        ],
      },
    ]);
  });

  it("rejects malformed input, naming the field", () => {
    assert.throws(() => parseContents(undefined), /contents: is required/);
    assert.throws(() => parseContents("hi"), /contents: must be a list/);
    assert.throws(() => parseContents([{ role: "system", parts: [] }]), /contents\[0\]\.role/);
    assert.throws(() => parseContents([{ role: "user" }]), /contents\[0\]\.parts: must be a list/);
    assert.throws(() => parseContents([{ parts: [{ text: 3 }] }]), /contents\[0\]\.parts\[0\]\.text: must be a string/);
    assert.throws(() => parseContents([{ role: "model", parts: [{ functionCall: { args: {} } }] }]), /functionCall\.name: is required/);
    assert.throws(() => parseContents([{ parts: [{ inlineData: { data: "x" } }] }]), /inlineData\.mimeType/);
  });
});
