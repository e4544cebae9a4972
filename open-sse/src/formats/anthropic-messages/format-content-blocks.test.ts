import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatContentBlock } from "./format-content-blocks";
import { ToolIdMap } from "./tool-id-map";

const ids = new ToolIdMap();

describe("formatContentBlock", () => {
  it("never sends blank text", () => {
    assert.equal(formatContentBlock({ type: "text", text: "" }, ids), undefined);
    assert.equal(formatContentBlock({ type: "text", text: " \n\t" }, ids), undefined);
    assert.deepEqual(formatContentBlock({ type: "text", text: "hi", cacheControl: { type: "ephemeral" } }, ids), {
      type: "text",
      text: "hi",
      cache_control: { type: "ephemeral" },
    });
  });

  it("sends images as base64 or url sources, data URLs as base64", () => {
    assert.deepEqual(formatContentBlock({ type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } }, ids), {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBO" },
    });
    assert.deepEqual(formatContentBlock({ type: "image", source: { kind: "url", url: "https://x.test/a.png" } }, ids), {
      type: "image",
      source: { type: "url", url: "https://x.test/a.png" },
    });
    assert.deepEqual(formatContentBlock({ type: "image", source: { kind: "url", url: "data:image/jpeg;base64,/9j/4A" } }, ids), {
      type: "image",
      source: { type: "base64", media_type: "image/jpeg", data: "/9j/4A" },
    });
  });

  it("sends PDFs as documents, text files as text documents, and drops other file types", () => {
    assert.deepEqual(formatContentBlock({ type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" }, filename: "a.pdf" }, ids), {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: "JVBER" },
      title: "a.pdf",
    });
    const text = Buffer.from("hello notes", "utf8").toString("base64");
    assert.deepEqual(formatContentBlock({ type: "file", source: { kind: "base64", mediaType: "text/markdown", data: text } }, ids), {
      type: "document",
      source: { type: "text", media_type: "text/plain", data: "hello notes" },
    });
    assert.deepEqual(formatContentBlock({ type: "file", source: { kind: "url", url: "https://x.test/b.pdf" } }, ids), {
      type: "document",
      source: { type: "url", url: "https://x.test/b.pdf" },
    });
    assert.equal(formatContentBlock({ type: "file", source: { kind: "base64", mediaType: "application/zip", data: "UEsD" } }, ids), undefined);
  });

  it("sends tool calls with an input object and sanitised ids", () => {
    const map = ToolIdMap.forMessages([{ role: "assistant", parts: [{ type: "tool-call", id: "call.7", name: "f", arguments: "{}" }] }]);
    assert.deepEqual(formatContentBlock({ type: "tool-call", id: "call.7", name: "get_weather", arguments: '{"city":"Oslo"}' }, map), {
      type: "tool_use",
      id: "call_7",
      name: "get_weather",
      input: { city: "Oslo" },
    });
  });

  it("sends tool results with blank text left out, and no content at all when nothing is left", () => {
    const map = new ToolIdMap();
    assert.deepEqual(
      formatContentBlock({ type: "tool-result", toolCallId: "t1", toolName: "f", content: [{ type: "text", text: "" }], isError: true }, map),
      { type: "tool_result", tool_use_id: "t1", is_error: true },
    );
    assert.deepEqual(
      formatContentBlock({ type: "tool-result", toolCallId: "t1", toolName: "f", content: [{ type: "text", text: "42" }, { type: "text", text: "  " }] }, map),
      { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "42" }] },
    );
  });

  it("sends only reasoning Anthropic signed", () => {
    assert.deepEqual(formatContentBlock({ type: "reasoning", text: "hm", signature: { format: "anthropic-messages", value: "Eq" } }, ids), {
      type: "thinking",
      thinking: "hm",
      signature: "Eq",
    });
    assert.deepEqual(formatContentBlock({ type: "reasoning", text: "", redacted: true, signature: { format: "anthropic-messages", value: "Em" } }, ids), {
      type: "redacted_thinking",
      data: "Em",
    });
    assert.equal(formatContentBlock({ type: "reasoning", text: "hm", signature: { format: "openai-responses", value: "gAAA" } }, ids), undefined);
    assert.equal(formatContentBlock({ type: "reasoning", text: "hm" }, ids), undefined);
  });
});
