import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { emptyCanonicalRequest, type CanonicalRequest } from "../../../core/canonical-request";
import { formatKiroRequest } from "./kiro-request";

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("kr/claude-sonnet-4.5"), ...overrides };
}

const MODEL = "claude-sonnet-4.5";

describe("formatKiroRequest", () => {
  it("puts a single user message in currentMessage with the system prompt before it", () => {
    const body = formatKiroRequest(
      request({ system: [{ type: "text", text: "Be brief." }], messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }] }),
      MODEL,
    );
    assert.deepEqual(body, {
      conversationState: {
        chatTriggerType: "MANUAL",
        agentTaskType: "vibe",
        currentMessage: { userInputMessage: { content: "Be brief.\n\nHi", modelId: MODEL, origin: "AI_EDITOR" } },
      },
    });
  });

  it("builds alternating history with tool uses, tool results and tools on the current message", () => {
    const body = formatKiroRequest(
      request({
        system: [{ type: "text", text: "System" }],
        messages: [
          { role: "user", parts: [{ type: "text", text: "Weather?" }] },
          { role: "user", parts: [{ type: "text", text: "In Paris." }] },
          {
            role: "assistant",
            parts: [
              { type: "reasoning", text: "thinking", signature: { format: "anthropic-messages", value: "sig" } },
              { type: "text", text: "Checking." },
              { type: "tool-call", id: "tooluse_1", name: "weather", arguments: '{"city":"Paris"}' },
            ],
          },
          {
            role: "user",
            parts: [
              { type: "tool-result", toolCallId: "tooluse_1", toolName: "weather", content: [{ type: "text", text: "18C" }] },
              { type: "tool-result", toolCallId: "tooluse_1", toolName: "weather", content: [{ type: "text", text: "duplicate" }] },
            ],
          },
        ],
        tools: [
          { type: "function", name: "weather", description: "Current weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
          { type: "function", name: "noop", parameters: { type: "object" } },
          { type: "native", format: "anthropic-messages", definition: { type: "web_search_20250305" } },
        ],
      }),
      MODEL,
    );
    assert.deepEqual(body.conversationState.history, [
      { userInputMessage: { content: "System\n\nWeather?\n\nIn Paris.", modelId: MODEL, origin: "AI_EDITOR" } },
      { assistantResponseMessage: { content: "Checking.", toolUses: [{ toolUseId: "tooluse_1", name: "weather", input: { city: "Paris" } }] } },
    ]);
    assert.deepEqual(body.conversationState.currentMessage.userInputMessage, {
      content: "Tool results provided.",
      modelId: MODEL,
      origin: "AI_EDITOR",
      userInputMessageContext: {
        toolResults: [{ toolUseId: "tooluse_1", content: [{ text: "18C" }], status: "success" }],
        tools: [
          {
            toolSpecification: {
              name: "weather",
              description: "Current weather",
              inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } },
            },
          },
          { toolSpecification: { name: "noop", description: "noop", inputSchema: { json: { type: "object" } } } },
        ],
      },
    });
  });

  it("ends a prefill with a Continue turn and starts an assistant-first conversation with one", () => {
    const body = formatKiroRequest(
      request({
        messages: [
          { role: "assistant", parts: [{ type: "text", text: "Hello!" }] },
          { role: "user", parts: [{ type: "text", text: "Write" }] },
          { role: "assistant", parts: [{ type: "text", text: "Once upon" }] },
        ],
      }),
      MODEL,
    );
    assert.deepEqual(
      body.conversationState.history?.map((entry) => ("userInputMessage" in entry ? `user:${entry.userInputMessage.content}` : `assistant:${entry.assistantResponseMessage.content}`)),
      ["user:Continue", "assistant:Hello!", "user:Write", "assistant:Once upon"],
    );
    assert.equal(body.conversationState.currentMessage.userInputMessage.content, "Continue");
  });

  it("carries base64 and data-URL images in supported formats, marks tool errors, and drops what has no field", () => {
    const body = formatKiroRequest(
      request({
        messages: [
          { role: "assistant", parts: [{ type: "tool-call", id: "t1", name: "read", arguments: "not json" }] },
          {
            role: "user",
            parts: [
              { type: "tool-result", toolCallId: "t1", toolName: "read", isError: true, content: [{ type: "text", text: "ENOENT" }] },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AAAA" } },
              { type: "image", source: { kind: "url", url: "data:image/jpeg;base64,BBBB" } },
              { type: "image", source: { kind: "url", url: "https://example.com/cat.png" } },
              { type: "image", source: { kind: "base64", mediaType: "image/tiff", data: "CCCC" } },
              { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "DDDD" } },
              { type: "text", text: "Look" },
            ],
          },
        ],
      }),
      MODEL,
    );
    assert.deepEqual(body.conversationState.history?.[1], { assistantResponseMessage: { content: "", toolUses: [{ toolUseId: "t1", name: "read", input: {} }] } });
    assert.deepEqual(body.conversationState.currentMessage.userInputMessage, {
      content: "Look",
      modelId: MODEL,
      origin: "AI_EDITOR",
      images: [
        { format: "png", source: { bytes: "AAAA" } },
        { format: "jpeg", source: { bytes: "BBBB" } },
      ],
      userInputMessageContext: { toolResults: [{ toolUseId: "t1", content: [{ text: "ENOENT" }], status: "error" }] },
    });
  });

  it("cuts a tool description at the 10 237-byte limit on a character boundary", () => {
    const long = "é".repeat(6000); // 12 000 bytes
    const body = formatKiroRequest(
      request({ messages: [{ role: "user", parts: [{ type: "text", text: "x" }] }], tools: [{ type: "function", name: "t", description: long, parameters: {} }] }),
      MODEL,
    );
    const description = body.conversationState.currentMessage.userInputMessage.userInputMessageContext?.tools?.[0]?.toolSpecification.description ?? "";
    assert.equal(Buffer.byteLength(description), 10_236);
    assert.ok(!description.includes("\uFFFD"));
  });
});
