import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { emptyCanonicalRequest, type CanonicalRequest } from "../../../core/canonical-request";
import { ConnectFrameDecoder } from "./connect-frame";
import { encodeCursorRequest, formatCursorRequest } from "./cursor-request";
import { bytesOf, decodeFields, stringOf, type ProtoField } from "./protobuf-wire";

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("cu/claude-4.5-sonnet"), ...overrides };
}

function varint(fields: readonly ProtoField[], field: number): bigint | undefined {
  const found = fields.find((candidate) => candidate.field === field && candidate.wireType === 0);
  return found?.value as bigint | undefined;
}

describe("formatCursorRequest", () => {
  it("keeps text turns, puts the system prompt first as a user turn, and maps effort to the thinking level", () => {
    const chat = formatCursorRequest(
      request({
        system: [{ type: "text", text: "Be brief." }],
        messages: [
          { role: "user", parts: [{ type: "text", text: "Hi" }] },
          { role: "assistant", parts: [{ type: "reasoning", text: "hm" }, { type: "text", text: "Hello" }] },
          { role: "user", parts: [{ type: "text", text: "" }] },
          { role: "user", parts: [{ type: "text", text: "Bye" }] },
        ],
        reasoning: { effort: "high" },
      }),
      "claude-4.5-sonnet",
    );
    assert.deepEqual(chat, {
      model: "claude-4.5-sonnet",
      messages: [
        { role: "user", content: "[System Instructions]\nBe brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "Bye" },
      ],
      thinkingLevel: 2,
    });
  });

  it("marks what Ask mode cannot carry", () => {
    const withTools = formatCursorRequest(request({ tools: [{ type: "function", name: "f", parameters: {} }], messages: [{ role: "user", parts: [{ type: "text", text: "x" }] }] }), "m");
    assert.equal(withTools.unsupported, "tool definitions");
    const withImage = formatCursorRequest(request({ messages: [{ role: "user", parts: [{ type: "image", source: { kind: "url", url: "https://x/y.png" } }] }] }), "m");
    assert.equal(withImage.unsupported, "images and documents");
    const withResult = formatCursorRequest(request({ messages: [{ role: "user", parts: [{ type: "tool-result", toolCallId: "c", toolName: "f", content: [] }] }] }), "m");
    assert.equal(withResult.unsupported, "tool calls and tool results");
  });
});

describe("encodeCursorRequest", () => {
  it("writes StreamUnifiedChatWithToolsRequest in one Connect envelope with the documented field numbers", () => {
    const chat = formatCursorRequest(request({ messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }], reasoning: { effort: "medium" } }), "gpt-5.2");
    const body = encodeCursorRequest(chat, { conversationId: "conv-uuid", messageIds: ["msg-1"], timestamp: "2026-07-15T12:00:00.000Z" });
    const frames = new ConnectFrameDecoder().push(body).frames;
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.endStream, false);
    const inner = decodeFields(bytesOf(decodeFields(frames[0]!.payload), 1)!);

    const firstMessage = decodeFields(bytesOf(inner, 1)!);
    assert.equal(stringOf(firstMessage, 1), "Hi");
    assert.equal(varint(firstMessage, 2), 1n);
    assert.equal(stringOf(firstMessage, 13), "msg-1");
    assert.equal(varint(firstMessage, 47), 1n);

    assert.equal(stringOf(decodeFields(bytesOf(inner, 5)!), 1), "gpt-5.2");
    assert.equal(stringOf(inner, 23), "conv-uuid");
    assert.equal(stringOf(decodeFields(bytesOf(inner, 26)!), 5), "2026-07-15T12:00:00.000Z");
    const messageId = decodeFields(bytesOf(inner, 30)!);
    assert.equal(stringOf(messageId, 1), "msg-1");
    assert.equal(varint(messageId, 3), 1n);
    assert.equal(varint(inner, 46), 1n);
    assert.equal(varint(inner, 48), 1n);
    assert.equal(varint(inner, 49), 1n);
    assert.equal(stringOf(inner, 54), "Ask");
  });
});
