import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest } from "../core/canonical-request";
import { estimateRequestTokens, estimateRequestTokensHere } from "./estimate-tokens";

describe("estimateRequestTokens", () => {
  it("counts text with the o200k tokenizer plus message framing, on the worker and on this thread alike", async () => {
    const request = emptyCanonicalRequest("m");
    request.messages.push({ role: "user", parts: [{ type: "text", text: "Hello, world!" }] });
    // "Hello, world!" is 4 o200k tokens; 3 for the message, 3 to prime the reply.
    assert.equal(await estimateRequestTokens(request), 4 + 3 + 3);
    assert.equal(estimateRequestTokensHere(request), 4 + 3 + 3);
  });

  it("grows with the system prompt, tools, tool calls and images", async () => {
    const base = emptyCanonicalRequest("m");
    base.messages.push({ role: "user", parts: [{ type: "text", text: "hi" }] });
    const baseline = await estimateRequestTokens(base);
    const richer = structuredClone(base);
    richer.system.push({ type: "text", text: "You are a careful assistant who writes tests." });
    richer.tools.push({ type: "function", name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } });
    richer.messages.push({ role: "assistant", parts: [{ type: "tool-call", id: "c1", name: "read_file", arguments: '{"path":"a.ts"}' }] });
    richer.messages.push({ role: "user", parts: [{ type: "image", source: { kind: "url", url: "https://x/y.png" } }] });
    const counted = await estimateRequestTokens(richer);
    assert.ok(counted > baseline + 1_600 + 20, `${counted} should include the image, the tool and the system prompt`);
  });
});
