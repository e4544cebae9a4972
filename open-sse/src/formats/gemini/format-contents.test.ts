import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalMessage } from "../../core/canonical-request";
import { formatContents } from "./format-contents";
import { parseContents } from "./parse-contents";

describe("formatContents", () => {
  it("maps roles, merges consecutive ones and drops empty messages", () => {
    const messages: CanonicalMessage[] = [
      { role: "user", parts: [{ type: "text", text: "context" }] },
      { role: "user", parts: [{ type: "text", text: "question" }] },
      { role: "assistant", parts: [{ type: "reasoning", text: "unsigned thinking" }] },
      { role: "assistant", parts: [{ type: "text", text: "answer" }] },
    ];
    assert.deepEqual(formatContents(messages), [
      { role: "user", parts: [{ text: "context" }, { text: "question" }] },
      { role: "model", parts: [{ text: "answer" }] },
    ]);
  });

  it("sends Gemini reasoning back signed and drops other providers' reasoning", () => {
    const messages: CanonicalMessage[] = [
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "Claude thinking", signature: { format: "anthropic-messages", value: "sig" } },
          { type: "reasoning", text: "Gemini thinking", signature: { format: "gemini", value: "G1" } },
          { type: "reasoning", text: "", signature: { format: "gemini", value: "G2" } },
          { type: "text", text: "Answer" },
          { type: "text", text: "More" },
        ],
      },
    ];
    assert.deepEqual(formatContents(messages), [
      {
        role: "model",
        parts: [{ text: "Gemini thinking", thought: true, thoughtSignature: "G1" }, { text: "Answer", thoughtSignature: "G2" }, { text: "More" }],
      },
    ]);
  });

  it("puts a trailing signature back on the text it closed", () => {
    const messages: CanonicalMessage[] = [
      {
        role: "assistant",
        parts: [
          { type: "text", text: "There are 3 r's." },
          { type: "reasoning", text: "", signature: { format: "gemini", value: "TAIL" } },
        ],
      },
    ];
    assert.deepEqual(formatContents(messages), [{ role: "model", parts: [{ text: "There are 3 r's.", thoughtSignature: "TAIL" }] }]);
  });

  it("keeps a call's Gemini signature and signs the first unsigned call with the documented placeholder", () => {
    const messages: CanonicalMessage[] = [
      { role: "user", parts: [{ type: "text", text: "weather?" }] },
      {
        role: "assistant",
        parts: [
          { type: "text", text: "Checking." },
          { type: "tool-call", id: "toolu_1", name: "weather", arguments: '{"city":"SF"}' },
          { type: "tool-call", id: "toolu_2", name: "weather", arguments: '{"city":"NY"}' },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "tool-result", toolCallId: "toolu_1", toolName: "weather", content: [{ type: "text", text: "sunny" }] },
          { type: "tool-result", toolCallId: "toolu_2", toolName: "", content: [{ type: "text", text: '{"temp":3}' }] },
        ],
      },
      { role: "assistant", parts: [{ type: "tool-call", id: "c3", name: "weather", arguments: "{}", signature: { format: "gemini", value: "REAL" } }] },
      { role: "user", parts: [{ type: "tool-result", toolCallId: "c3", toolName: "weather", content: [{ type: "text", text: "no such city" }], isError: true }] },
    ];
    assert.deepEqual(formatContents(messages), [
      { role: "user", parts: [{ text: "weather?" }] },
      {
        role: "model",
        parts: [
          { text: "Checking." },
          { functionCall: { id: "toolu_1", name: "weather", args: { city: "SF" } }, thoughtSignature: "skip_thought_signature_validator" },
          { functionCall: { id: "toolu_2", name: "weather", args: { city: "NY" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "toolu_1", name: "weather", response: { output: "sunny" } } },
          { functionResponse: { id: "toolu_2", name: "weather", response: { temp: 3 } } },
        ],
      },
      { role: "model", parts: [{ functionCall: { id: "c3", name: "weather", args: {} }, thoughtSignature: "REAL" }] },
      { role: "user", parts: [{ functionResponse: { id: "c3", name: "weather", response: { error: "no such city" } } }] },
    ]);
  });

  it("does not send a foreign signature on a function call", () => {
    const [content] = formatContents([
      { role: "assistant", parts: [{ type: "tool-call", id: "a", name: "f", arguments: "not json", signature: { format: "openai-responses", value: "enc" } }] },
    ]);
    assert.deepEqual(content?.parts, [{ functionCall: { id: "a", name: "f", args: {} }, thoughtSignature: "skip_thought_signature_validator" }]);
  });

  it("sends media inline or by URI, and a tool's images beside its response", () => {
    const [user] = formatContents([
      {
        role: "user",
        parts: [
          { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AA" } },
          { type: "image", source: { kind: "url", url: "data:image/webp;base64,BB" } },
          { type: "file", source: { kind: "url", url: "https://example.com/doc.PDF?x=1" } },
          { type: "file", source: { kind: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/abc" } },
          { type: "tool-result", toolCallId: "s", toolName: "shot", content: [{ type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "CC" } }] },
        ],
      },
    ]);
    assert.deepEqual(user?.parts, [
      { inlineData: { mimeType: "image/png", data: "AA" } },
      { inlineData: { mimeType: "image/webp", data: "BB" } },
      { fileData: { mimeType: "application/pdf", fileUri: "https://example.com/doc.PDF?x=1" } },
      { fileData: { fileUri: "https://generativelanguage.googleapis.com/v1beta/files/abc" } },
      { functionResponse: { id: "s", name: "shot", response: { output: "" } } },
      { inlineData: { mimeType: "image/jpeg", data: "CC" } },
    ]);
  });

  it("round-trips what a Gemini client sent", () => {
    const contents = [
      { role: "user", parts: [{ text: "weather in SF?" }] },
      {
        role: "model",
        parts: [
          { text: "Let me check.", thoughtSignature: "SIG_A" },
          { functionCall: { id: "w1", name: "weather", args: { location: "San Francisco" } }, thoughtSignature: "SIG_B" },
        ],
      },
      { role: "user", parts: [{ functionResponse: { id: "w1", name: "weather", response: { output: "sunny" } } }] },
    ];
    assert.deepEqual(formatContents(parseContents(contents)), contents);
  });
});
