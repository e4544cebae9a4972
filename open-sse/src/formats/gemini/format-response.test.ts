import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CanonicalResponse } from "../../core/canonical-response";
import type { ResponseContext } from "../wire-codec";
import { formatGeminiResponse } from "./format-response";
import { parseContents } from "./parse-contents";

const context: ResponseContext = { model: "cc/claude-sonnet-4-5", requestId: "req-1", createdAt: 0, includeUsage: true };
const usage = { inputTokens: 100, outputTokens: 60, cacheReadTokens: 80, cacheWriteTokens: 10, reasoningTokens: 40 };

describe("formatGeminiResponse", () => {
  it("writes thinking, text with the wrapped signature, usage, model and id", () => {
    const response: CanonicalResponse = {
      id: "msg_01",
      parts: [
        { type: "reasoning", text: "Counting r's", signature: { format: "anthropic-messages", value: "claude-sig" } },
        { type: "text", text: "There are 3." },
      ],
      finishReason: "stop",
      usage,
    };
    assert.deepEqual(formatGeminiResponse(response, context), {
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { text: "Counting r's", thought: true },
              { text: "There are 3.", thoughtSignature: "omr1.anthropic-messages.claude-sig" },
            ],
          },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, thoughtsTokenCount: 40, totalTokenCount: 160, cachedContentTokenCount: 80 },
      modelVersion: "cc/claude-sonnet-4-5",
      responseId: "msg_01",
    });
  });

  it("writes function calls with ids and object args; a call's own signature stays on it", () => {
    const response: CanonicalResponse = {
      parts: [
        { type: "reasoning", text: "", signature: { format: "openai-responses", value: "enc" } },
        { type: "tool-call", id: "call_a", name: "weather", arguments: '{"location":"SF"}' },
        { type: "tool-call", id: "call_b", name: "time", arguments: "", signature: { format: "gemini", value: "G" } },
      ],
      finishReason: "tool-calls",
      usage: { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
    };
    const formatted = formatGeminiResponse(response, context);
    assert.deepEqual(formatted.candidates[0]?.content?.parts, [
      { functionCall: { id: "call_a", name: "weather", args: { location: "SF" } }, thoughtSignature: "omr1.openai-responses.enc" },
      { functionCall: { id: "call_b", name: "time", args: {} }, thoughtSignature: "G" },
    ]);
    assert.equal(formatted.candidates[0]?.finishReason, "STOP");
    assert.equal(formatted.usageMetadata, undefined);
    assert.equal(formatted.responseId, "req-1");
  });

  it("puts a signature with no part after it on an empty thought part, and carries redacted thinking in the redacted envelope", () => {
    const response: CanonicalResponse = {
      parts: [
        { type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "opaque" } },
        { type: "text", text: "Done." },
        { type: "reasoning", text: "", signature: { format: "gemini", value: "TAIL" } },
      ],
      finishReason: "length",
      usage,
    };
    const formatted = formatGeminiResponse(response, context);
    assert.deepEqual(formatted.candidates[0]?.content?.parts, [
      { text: "Done.", thoughtSignature: "omr1r.anthropic-messages.opaque" },
      { text: "", thought: true, thoughtSignature: "TAIL" },
    ]);
    assert.equal(formatted.candidates[0]?.finishReason, "MAX_TOKENS");
  });

  it("gives a Gemini client history our parser reads back to the same reasoning and calls", () => {
    const response: CanonicalResponse = {
      parts: [
        { type: "reasoning", text: "plan", signature: { format: "anthropic-messages", value: "s1" } },
        { type: "text", text: "Calling." },
        { type: "tool-call", id: "toolu_1", name: "read", arguments: '{"path":"a"}' },
      ],
      finishReason: "tool-calls",
      usage,
    };
    const content = formatGeminiResponse(response, context).candidates[0]?.content;
    assert.ok(content !== undefined);
    assert.deepEqual(parseContents([content])[0]?.parts, response.parts);
  });

  it("shows a refusal as text", () => {
    const formatted = formatGeminiResponse({ parts: [], refusal: "I can't help with that.", finishReason: "refusal", usage }, context);
    assert.deepEqual(formatted.candidates[0]?.content?.parts, [{ text: "I can't help with that." }]);
    assert.equal(formatted.candidates[0]?.finishReason, "SAFETY");
  });
});
