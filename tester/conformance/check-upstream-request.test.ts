// node --import tsx --test tester/conformance/check-upstream-request.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ReplayedRequest } from "../mock-upstream/wire-replay-server";
import { checkUpstreamRequest } from "./check-upstream-request";

function request(overrides: Partial<ReplayedRequest>): ReplayedRequest {
  return { method: "POST", path: "/v1/messages", headers: {}, body: {}, protocol: "claude", model: "m", fixture: "m", tag: null, streamRequested: false, served: "json", status: 200, ...overrides };
}

describe("checkUpstreamRequest", () => {
  it("accepts a complete Anthropic request", () => {
    const valid = request({
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" },
      body: { model: "m", max_tokens: 100, messages: [{ role: "user", content: "say hi" }], tools: [{ name: "f", input_schema: { type: "object" } }] },
    });
    assert.deepEqual(checkUpstreamRequest(valid, "claude", "say hi", ["f"]), []);
  });

  it("names what an Anthropic request lacks", () => {
    const invalid = request({ headers: { authorization: "Bearer k" }, body: { model: "m", messages: [{ role: "user", content: "other" }] } });
    assert.deepEqual(checkUpstreamRequest(invalid, "claude", "say hi", ["f"]), [
      "the user prompt is missing",
      "tool f is not declared",
      "no x-api-key: <account key>",
      "no anthropic-version header",
      "max_tokens is missing (Anthropic requires it)",
    ]);
  });

  it("requires alt=sse on a Gemini stream and the key header", () => {
    const gemini = request({ path: "/v1beta/models/m:streamGenerateContent", protocol: "gemini", streamRequested: true, body: { contents: [{ parts: [{ text: "say hi" }] }] } });
    assert.deepEqual(checkUpstreamRequest(gemini, "gemini", "say hi", []), ["no x-goog-api-key: <account key>", "streamGenerateContent without alt=sse"]);
  });

  it("checks OpenAI chat tools and bearer auth", () => {
    const chat = request({ path: "/v1/chat/completions", protocol: "openai-chat", headers: { authorization: "Bearer k" }, body: { model: "m", messages: [{ role: "user", content: "say hi" }], tools: [{ type: "function", function: { name: "f" } }] } });
    assert.deepEqual(checkUpstreamRequest(chat, "openai-chat", "say hi", ["f"]), []);
  });
});
