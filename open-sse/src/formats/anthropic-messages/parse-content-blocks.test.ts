import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseMessageContent, parseSystemContent, type ToolNamesById } from "./parse-content-blocks";

function parse(content: unknown, toolNames: ToolNamesById = new Map()) {
  return parseMessageContent(content, "messages.0.content", toolNames);
}

function assertRejects(content: unknown, param: string) {
  assert.throws(
    () => parse(content),
    (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param,
  );
}

describe("parseMessageContent", () => {
  it("reads string content as one text part, and an empty string as none", () => {
    assert.deepEqual(parse("hello"), [{ type: "text", text: "hello" }]);
    assert.deepEqual(parse(""), []);
  });

  it("keeps text with its cache marker", () => {
    assert.deepEqual(parse([{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }]), [
      { type: "text", text: "hi", cacheControl: { type: "ephemeral" } },
    ]);
  });

  it("reads base64 and url images; drops Files-API references", () => {
    const parts = parse([
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "AAAA" } },
      { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
      { type: "image", source: { type: "file", file_id: "file_1" } },
    ]);
    assert.deepEqual(parts, [
      { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "AAAA" } },
      { type: "image", source: { kind: "url", url: "https://example.com/a.png" } },
    ]);
  });

  it("reads PDF documents as files (title → filename) and text documents as text", () => {
    const parts = parse([
      { type: "document", title: "report.pdf", source: { type: "base64", media_type: "application/pdf", data: "JVBER" }, cache_control: { type: "ephemeral" } },
      { type: "document", source: { type: "url", url: "https://example.com/b.pdf" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "plain words" } },
      { type: "document", source: { type: "content", content: [{ type: "text", text: "inner" }] } },
    ]);
    assert.deepEqual(parts, [
      { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" }, filename: "report.pdf", cacheControl: { type: "ephemeral" } },
      { type: "file", source: { kind: "url", url: "https://example.com/b.pdf" } },
      { type: "text", text: "plain words" },
      { type: "text", text: "inner" },
    ]);
  });

  it("turns tool_use input into JSON text and remembers the name for the result", () => {
    const toolNames: ToolNamesById = new Map();
    const call = parse([{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } }], toolNames);
    assert.deepEqual(call, [{ type: "tool-call", id: "toolu_1", name: "Bash", arguments: '{"command":"ls"}' }]);
    const result = parse(
      [{ type: "tool_result", tool_use_id: "toolu_1", content: "file.txt", is_error: true, cache_control: { type: "ephemeral" } }],
      toolNames,
    );
    assert.deepEqual(result, [
      { type: "tool-result", toolCallId: "toolu_1", toolName: "Bash", content: [{ type: "text", text: "file.txt" }], isError: true, cacheControl: { type: "ephemeral" } },
    ]);
  });

  it("reads tool_result block content (text, image) and names an unknown call ''", () => {
    const [result] = parse([
      {
        type: "tool_result",
        tool_use_id: "toolu_9",
        content: [
          { type: "text", text: "see image" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBO" } },
          { type: "tool_reference", tool_name: "x" },
        ],
      },
    ]);
    assert.deepEqual(result, {
      type: "tool-result",
      toolCallId: "toolu_9",
      toolName: "",
      content: [
        { type: "text", text: "see image" },
        { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } },
      ],
    });
  });

  it("reads Anthropic's own thinking signatures as Anthropic's and unwraps foreign ones", () => {
    const parts = parse([
      { type: "thinking", thinking: "mine", signature: "EqQBCkYI" },
      { type: "thinking", thinking: "gpt's", signature: "omr1.openai-responses.gAAAAB" },
      { type: "thinking", thinking: "unsigned", signature: "omr1.none." },
      { type: "redacted_thinking", data: "EmwKAhgB" },
      { type: "redacted_thinking", data: "omr1.none." },
    ]);
    assert.deepEqual(parts, [
      { type: "reasoning", text: "mine", signature: { format: "anthropic-messages", value: "EqQBCkYI" } },
      { type: "reasoning", text: "gpt's", signature: { format: "openai-responses", value: "gAAAAB" } },
      { type: "reasoning", text: "unsigned" },
      { type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "EmwKAhgB" } },
    ]);
  });

  it("drops server-tool blocks and unknown block types", () => {
    const parts = parse([
      { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
      { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
      { type: "some_future_block" },
      { type: "text", text: "kept" },
    ]);
    assert.deepEqual(parts, [{ type: "text", text: "kept" }]);
  });

  it("rejects malformed blocks with the path of the field at fault", () => {
    assertRejects(42, "messages.0.content");
    assertRejects([{ text: "no type" }], "messages.0.content.0.type");
    assertRejects([{ type: "text", text: 5 }], "messages.0.content.0.text");
    assertRejects([{ type: "text", text: "ok" }, { type: "tool_use", name: "x", input: {} }], "messages.0.content.1.id");
    assertRejects([{ type: "tool_result", content: "x" }], "messages.0.content.0.tool_use_id");
    assertRejects([{ type: "image", source: { type: "svg" } }], "messages.0.content.0.source.type");
  });
});

describe("parseSystemContent", () => {
  it("reads a string or text blocks with cache markers", () => {
    assert.deepEqual(parseSystemContent("be brief", "system"), [{ type: "text", text: "be brief" }]);
    assert.deepEqual(parseSystemContent([{ type: "text", text: "a" }, { type: "text", text: "b", cache_control: { type: "ephemeral" } }], "system"), [
      { type: "text", text: "a" },
      { type: "text", text: "b", cacheControl: { type: "ephemeral" } },
    ]);
  });

  it("rejects a non-text block", () => {
    assert.throws(() => parseSystemContent([{ type: "image" }], "system"), (error: unknown) => GatewayError.isInstance(error) && error.param === "system.0.type");
  });
});
