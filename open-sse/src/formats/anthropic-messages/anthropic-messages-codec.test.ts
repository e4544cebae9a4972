import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { anthropicMessagesCodec as codec } from "./anthropic-messages-codec";

const context = { model: "claude-client-name", requestId: "abc", createdAt: 0, includeUsage: false };

describe("anthropicMessagesCodec", () => {
  it("declares the Anthropic format, its stream content type and usage marker", () => {
    assert.equal(codec.format, "anthropic-messages");
    assert.equal(codec.upstream, true);
    assert.equal(codec.streamContentType, "text/event-stream; charset=utf-8");
    assert.equal(codec.usageMarker, '"usage"');
  });

  it("every usage-carrying event contains the usage marker", () => {
    const start = JSON.stringify({ type: "message_start", message: { usage: { input_tokens: 5, output_tokens: 1 } } });
    const delta = JSON.stringify({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } });
    for (const data of [start, delta]) {
      assert.ok(data.includes(codec.usageMarker));
      assert.notEqual(codec.readStreamUsage(data), null);
    }
  });

  it("carries a request through parseRequest and formatRequest", () => {
    const request = codec.parseRequest({ model: "alias", max_tokens: 512, messages: [{ role: "user", content: "hi" }], temperature: 0.5 }, {});
    assert.deepEqual(codec.formatRequest(request, { model: "claude-haiku-4-5" }), {
      model: "claude-haiku-4-5",
      max_tokens: 512,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      temperature: 0.5,
      stream: false,
    });
  });

  it("carries an upstream answer through parseResponse and formatResponse", () => {
    const response = codec.parseResponse({
      id: "msg_up",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5-20251001",
      content: [{ type: "text", text: "Hello" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 4, cache_read_input_tokens: 6, cache_creation_input_tokens: 0, output_tokens: 2 },
    });
    assert.deepEqual(codec.formatResponse(response, context), {
      id: "msg_abc",
      type: "message",
      role: "assistant",
      model: "claude-client-name",
      content: [{ type: "text", text: "Hello" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 4, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 6 },
    });
  });

  it("streams through a fresh parser and formatter each time", () => {
    const parser = codec.createStreamParser();
    const formatter = codec.createStreamFormatter(context);
    const upstream = [
      { type: "message_start", message: { id: "msg_up", model: "m", usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "ok" } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2 } },
      { type: "message_stop" },
    ];
    let text = "";
    for (const event of upstream) for (const canonical of parser.push(JSON.stringify(event), event.type)) text += formatter.format(canonical);
    for (const canonical of parser.end()) text += formatter.format(canonical);
    text += formatter.end();
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    assert.deepEqual(names, ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    assert.notEqual(codec.createStreamParser(), parser);
  });

  it("renders errors in Anthropic's shape, whole and in-stream", () => {
    const error = new GatewayError({ code: "routes_unavailable", status: 503, publicMessage: "No route available." });
    assert.deepEqual(JSON.parse(codec.formatError(error)), { type: "error", error: { type: "overloaded_error", message: "No route available." } });
    assert.ok(codec.formatStreamError(error).startsWith("event: error\ndata: "));
  });
});
