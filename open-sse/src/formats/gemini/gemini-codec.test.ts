import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { badRequest } from "../../core/gateway-error";
import { geminiCodec } from "./gemini-codec";

describe("geminiCodec", () => {
  it("declares the Gemini wire format, usable as an upstream", () => {
    assert.equal(geminiCodec.format, "gemini");
    assert.equal(geminiCodec.upstream, true);
    assert.equal(geminiCodec.usageMarker, '"usageMetadata"');
    assert.equal(geminiCodec.streamContentType, "text/event-stream; charset=utf-8");
  });

  it("carries a client request to a Gemini upstream and the answer back", () => {
    const request = geminiCodec.parseRequest({ contents: [{ parts: [{ text: "hi" }] }] }, { model: "gemini-2.5-flash", stream: true });
    assert.deepEqual(geminiCodec.formatRequest(request, { model: "gemini-2.5-flash" }), { contents: [{ role: "user", parts: [{ text: "hi" }] }] });
    const parser = geminiCodec.createStreamParser();
    const data = JSON.stringify({
      candidates: [{ content: { role: "model", parts: [{ text: "hello" }] }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 1, totalTokenCount: 3 },
      responseId: "r",
    });
    assert.deepEqual(geminiCodec.readStreamUsage(data), { inputTokens: 2, outputTokens: 1, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null });
    const formatter = geminiCodec.createStreamFormatter({ model: "gemini-2.5-flash", requestId: "q", createdAt: 0, includeUsage: true });
    const output = parser.push(data).map((event) => formatter.format(event)).join("") + formatter.end();
    assert.equal(
      output,
      'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"hello"}]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"r"}\r\n\r\n' +
        'data: {"candidates":[{"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":1,"totalTokenCount":3},"modelVersion":"gemini-2.5-flash","responseId":"r"}\r\n\r\n',
    );
    assert.equal(geminiCodec.formatError(badRequest("invalid_request", "bad")), '{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}');
  });
});
