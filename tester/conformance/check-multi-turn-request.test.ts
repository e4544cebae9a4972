// node --import tsx --test tester/conformance/check-multi-turn-request.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ReplayedRequest, UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import { assistantText, checkMultiTurnRequest, stringsWithPaths } from "./check-multi-turn-request";
import type { MultiTurnExpectation } from "./check-multi-turn-request";

const HEADERS: Record<UpstreamProtocol, Record<string, string>> = {
  claude: { "x-api-key": "k", "anthropic-version": "2023-06-01" },
  "openai-chat": { authorization: "Bearer k" },
  "openai-responses": { authorization: "Bearer k" },
  gemini: { "x-goog-api-key": "k" },
};

function request(protocol: UpstreamProtocol, body: unknown): ReplayedRequest {
  return { method: "POST", path: "/", headers: HEADERS[protocol], body, protocol, model: "m", fixture: "m", tag: null, streamRequested: false, served: "json", status: 200 };
}

const expected: MultiTurnExpectation = {
  systemPrompt: "SYS",
  firstQuestion: "Q1",
  toolResultText: "R42",
  toolCallNames: ["f"],
  declaredTools: ["f"],
  assistantTexts: ["Hello there"],
  issuedTokens: [
    { protocol: "claude", tokens: ["claude-signature-0123456789"] },
    { protocol: "gemini", tokens: ["gemini-signature-0123456789"] },
  ],
  clientCarriesTokens: true,
};

const claudeBody = (overrides: Record<string, unknown> = {}) => ({
  model: "m",
  max_tokens: 10,
  system: [{ type: "text", text: "SYS" }],
  tools: [{ name: "f", input_schema: { type: "object" } }],
  messages: [
    { role: "user", content: "Q1" },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "t", signature: "claude-signature-0123456789" },
        { type: "text", text: "Hello " },
        { type: "text", text: "there" },
        { type: "tool_use", id: "toolu_1", name: "f", input: {} },
      ],
    },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "R42" }] },
  ],
  ...overrides,
});

describe("checkMultiTurnRequest", () => {
  it("accepts a Claude request that pairs its tool call, keeps the system prompt once and its own signature", () => {
    assert.deepEqual(checkMultiTurnRequest(request("claude", claudeBody({ thinking: { type: "enabled", budget_tokens: 1024 } })), "claude", expected), []);
  });

  it("names a foreign token, an envelope, a lost own token, a doubled system prompt and an unanswered call", () => {
    const body = claudeBody({
      system: [{ type: "text", text: "SYS" }, { type: "text", text: "SYS" }],
      messages: [
        { role: "user", content: "Q1" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "t", signature: "omr1.gemini.gemini-signature-0123456789" },
            { type: "text", text: "Hello there" },
            { type: "tool_use", id: "toolu_1", name: "f", input: {} },
          ],
        },
        { role: "user", content: "next" },
      ],
    });
    assert.deepEqual(checkMultiTurnRequest(request("claude", body), "claude", expected), [
      "the system prompt appears 2 times (expected once)",
      "messages[1] calls toolu_1 but the next message answers nothing",
      "our envelope reached the upstream at messages[1].content[0].signature: omr1.gemini.gemini-signature-0123456789",
      "the claude upstream did not get back its own token claude-signature-0123456…",
      "a gemini token reached the claude upstream at messages[1].content[0].signature",
    ]);
  });

  it("says when thinking is on but the continued tool turn does not start with thinking", () => {
    const body = claudeBody({ thinking: { type: "enabled", budget_tokens: 1024 } });
    const messages = body.messages as Array<{ content: unknown }>;
    messages[1]!.content = [{ type: "text", text: "Hello there" }, { type: "tool_use", id: "toolu_1", name: "f", input: {} }];
    const problems = checkMultiTurnRequest(request("claude", body), "claude", { ...expected, issuedTokens: [] });
    assert.deepEqual(problems, ["thinking is enabled but the assistant turn being continued starts with text, not a thinking block (Anthropic answers 400)"]);
  });

  it("pairs OpenAI Chat tool messages right after their call and finds the system message first", () => {
    const body = {
      model: "m",
      tools: [{ type: "function", function: { name: "f" } }],
      messages: [
        { role: "system", content: "SYS" },
        { role: "user", content: "Q1" },
        { role: "assistant", content: "Hello there", tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "R42" },
      ],
    };
    const chatExpected = { ...expected, issuedTokens: [], clientCarriesTokens: false };
    assert.deepEqual(checkMultiTurnRequest(request("openai-chat", body), "openai-chat", chatExpected), []);
    const wrongId = { ...body, messages: [...body.messages.slice(0, 3), { role: "tool", tool_call_id: "c2", content: "R42" }] };
    assert.deepEqual(checkMultiTurnRequest(request("openai-chat", wrongId), "openai-chat", chatExpected), [
      "messages[3] answers c2, which the assistant message before it did not call",
      "calls c1 are never answered",
    ]);
  });

  it("pairs Gemini function responses by name when ids are missing, and wants the current call signed", () => {
    const body = {
      systemInstruction: { parts: [{ text: "SYS" }] },
      tools: [{ functionDeclarations: [{ name: "f" }] }],
      contents: [
        { role: "user", parts: [{ text: "Q1" }] },
        { role: "model", parts: [{ text: "Hello there", thoughtSignature: "gemini-signature-0123456789" }, { functionCall: { name: "f", args: {} } }] },
        { role: "user", parts: [{ functionResponse: { name: "f", response: { output: "R42" } } }] },
      ],
    };
    assert.deepEqual(checkMultiTurnRequest(request("gemini", body), "gemini", expected), ["the current turn's first functionCall has no thoughtSignature (Gemini 3 answers 400)"]);
  });

  it("reads Responses instructions or a leading developer item as the system prompt, and pairs call ids", () => {
    const body = {
      model: "m",
      tools: [{ type: "function", name: "f" }],
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "SYS" }] },
        { type: "message", role: "user", content: [{ type: "input_text", text: "Q1" }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello there" }] },
        { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "R42" },
      ],
    };
    assert.deepEqual(checkMultiTurnRequest(request("openai-responses", body), "openai-responses", { ...expected, issuedTokens: [] }), []);
  });
});

describe("helpers", () => {
  it("lists every string with its path", () => {
    assert.deepEqual(stringsWithPaths({ a: [{ b: "x" }], c: 1, d: "y" }), [
      { path: "a[0].b", value: "x" },
      { path: "d", value: "y" },
    ]);
  });

  it("joins the assistant's text pieces as sent, so a text split into parts still reads whole", () => {
    const chat = { messages: [{ role: "assistant", content: "925 ÷ 5\n\n = 185" }] };
    assert.equal(assistantText(chat, "openai-chat"), "925 ÷ 5\n\n = 185");
    const gemini = { contents: [{ role: "model", parts: [{ text: "think", thought: true }, { text: "925 ÷ 5" }, { text: " = 185" }] }] };
    assert.equal(assistantText(gemini, "gemini"), "925 ÷ 5 = 185");
  });
});
