// node --import tsx --test tester/conformance/stream-grammar.test.ts

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkAnthropicGrammar, checkGeminiGrammar, checkOllamaGrammar, checkOpenAiChatGrammar, checkResponsesGrammar, parseSseText } from "./stream-grammar";

const sse = (...events: Array<[string | null, unknown]>) =>
  events.map(([event, data]) => `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`).join("");

describe("parseSseText", () => {
  it("handles CRLF, comments and multi-line data", () => {
    assert.deepEqual(parseSseText(": hi\r\n\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\n"), [{ event: "a", data: "1\n2" }]);
  });
});

describe("stream grammars", () => {
  const anthropicOk: Array<[string, unknown]> = [
    ["message_start", { type: "message_start", message: {} }],
    ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
    ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "x" } }],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["message_delta", { type: "message_delta", delta: {} }],
    ["message_stop", { type: "message_stop" }],
  ];

  it("accepts a well-formed Anthropic stream and names what is wrong in a broken one", () => {
    assert.deepEqual(checkAnthropicGrammar(sse(...anthropicOk)), []);
    const broken = [...anthropicOk];
    broken.splice(3, 1);
    broken[2] = ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "" } }];
    assert.deepEqual(checkAnthropicGrammar(sse(...broken)), ["input_json_delta inside a text block", "message_delta while block 0 is open", "message_stop while block 0 is open"]);
  });

  it("checks OpenAI chat: [DONE] last, one finish, a last usage chunk with no choices", () => {
    const ok = sse([null, { id: "c", object: "chat.completion.chunk", choices: [{ delta: { content: "x" }, finish_reason: "stop" }] }], [null, { id: "c", object: "chat.completion.chunk", choices: [], usage: {} }], [null, "[DONE]"]);
    assert.deepEqual(checkOpenAiChatGrammar(ok, true), []);
    const noDone = sse([null, { id: "c", object: "chat.completion.chunk", choices: [{ delta: {}, finish_reason: "stop" }] }]);
    const violations = checkOpenAiChatGrammar(noDone, true);
    assert.match(violations[0] ?? "", /^stream does not end with data: \[DONE\]/);
    assert.deepEqual(violations.slice(1), ["0 usage chunks with include_usage (expected 1)"]);
  });

  it("checks Responses: created first, increasing sequence numbers, completed last", () => {
    const ok = sse(["response.created", { type: "response.created", sequence_number: 0 }], ["response.completed", { type: "response.completed", sequence_number: 1 }]);
    assert.deepEqual(checkResponsesGrammar(ok), []);
    const bad = sse(["response.created", { type: "response.created", sequence_number: 3 }], ["response.completed", { type: "response.completed", sequence_number: 3 }]);
    assert.deepEqual(checkResponsesGrammar(bad), ["sequence_number 3 after 3"]);
  });

  it("checks Gemini: the last chunk carries a finishReason", () => {
    assert.deepEqual(checkGeminiGrammar(sse([null, { candidates: [{ finishReason: "STOP" }], usageMetadata: {} }])), []);
    assert.deepEqual(checkGeminiGrammar(sse([null, { candidates: [{}], usageMetadata: {} }])), ["the last chunk has no finishReason"]);
  });

  it("checks Ollama NDJSON: one done line, last, with its reason and durations", () => {
    const line = (fields: object) => `${JSON.stringify({ model: "m", created_at: "t", message: { role: "assistant", content: "x" }, ...fields })}\n`;
    const done = { done: true, done_reason: "stop", total_duration: 0, load_duration: 0, prompt_eval_duration: 0, eval_duration: 0 };
    assert.deepEqual(checkOllamaGrammar(line({ done: false }) + line(done)), []);
    assert.deepEqual(checkOllamaGrammar(line(done) + line({ done: false })), ["the last line is not done: true"]);
    assert.deepEqual(checkOllamaGrammar(line({ done: false }) + line({ done: true })), [
      "the done line has no done_reason",
      "the done line has no total_duration",
      "the done line has no load_duration",
      "the done line has no prompt_eval_duration",
      "the done line has no eval_duration",
    ]);
  });
});
