// node --import tsx --test tester/conformance/extractors.test.ts
// Small hand-written recordings in each provider's shape; the real ones are exercised by the matrix.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { extractClaudeFromChunks, extractClaudeFromJson } from "./extract-claude";
import { extractGeminiFromChunks, extractGeminiFromJson } from "./extract-gemini";
import { extractOpenAiChatFromChunks, extractOpenAiChatFromJson } from "./extract-openai-chat";
import { extractOpenAiResponsesFromChunks, extractOpenAiResponsesFromJson } from "./extract-openai-responses";

const lines = (...values: unknown[]) => values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join("\n");

describe("Anthropic extractor", () => {
  it("adds cache reads and writes to input, reads thinking and tool_use from JSON", () => {
    const outcome = extractClaudeFromJson(
      JSON.stringify({
        type: "message",
        content: [
          { type: "thinking", thinking: "hmm", signature: "s" },
          { type: "text", text: "Hi" },
          { type: "tool_use", id: "t", name: "lookup", input: { q: 1 } },
        ],
        stop_reason: "tool_use",
        usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 7 },
      }),
    );
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "Hi",
      hasReasoning: true,
      toolCalls: [{ name: "lookup", arguments: { q: 1 } }],
      finish: "tool-calls",
      usage: { inputTokens: 115, outputTokens: 7, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: null },
    });
  });

  it("accumulates a stream: partial JSON, final usage from message_delta, pings ignored", () => {
    const outcome = extractClaudeFromChunks(
      lines(
        { type: "message_start", message: { usage: { input_tokens: 3, output_tokens: 1 } } },
        { type: "content_block_start", index: 0, content_block: { type: "tool_use", name: "f", input: {} } },
        { type: "ping" },
        { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"a":' } },
        { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "[1]}" } },
        { type: "content_block_stop", index: 0 },
        { type: "message_delta", delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 9 } },
        { type: "message_stop" },
      ),
    );
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "",
      hasReasoning: false,
      toolCalls: [{ name: "f", arguments: { a: [1] } }],
      finish: "length",
      usage: { inputTokens: 3, outputTokens: 9, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null },
    });
  });

  it("expects an error for a stream without message_stop or with an error event", () => {
    assert.equal(extractClaudeFromChunks(lines({ type: "message_start", message: {} })).kind, "error");
    assert.equal(extractClaudeFromChunks(lines({ type: "message_start", message: {} }, { type: "error", error: {} }, { type: "message_stop" })).kind, "error");
  });
});

describe("OpenAI chat extractor", () => {
  it("reads content, reasoning_content, tool calls and cached tokens from JSON", () => {
    const outcome = extractOpenAiChatFromJson(
      JSON.stringify({
        choices: [{ message: { content: "x", reasoning_content: "why", tool_calls: [{ function: { name: "f", arguments: '{"k":"v"}' } }] }, finish_reason: "tool_calls" }],
        usage: { prompt_tokens: 20, completion_tokens: 8, prompt_tokens_details: { cached_tokens: 16 }, completion_tokens_details: { reasoning_tokens: 3 } },
      }),
    );
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "x",
      hasReasoning: true,
      toolCalls: [{ name: "f", arguments: { k: "v" } }],
      finish: "tool-calls",
      usage: { inputTokens: 20, outputTokens: 8, cacheReadTokens: 16, cacheWriteTokens: null, reasoningTokens: 3 },
    });
  });

  it("joins tool-call deltas by index, takes calls without an index in order, reads the usage chunk", () => {
    const outcome = extractOpenAiChatFromChunks(
      lines(
        { choices: [{ delta: { tool_calls: [{ index: 0, id: "a", function: { name: "one", arguments: '{"n"' } }] } }] },
        { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: ":1}" } }] } }] },
        { choices: [{ delta: { tool_calls: [{ id: "b", function: { name: "two", arguments: "{}" } }] }, finish_reason: "tool_calls" }] },
        { choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } },
      ),
    );
    assert.equal(outcome.kind, "answer");
    if (outcome.kind !== "answer") return;
    assert.deepEqual(outcome.toolCalls, [
      { name: "one", arguments: { n: 1 } },
      { name: "two", arguments: {} },
    ]);
    assert.equal(outcome.usage.outputTokens, 2);
  });

  it("counts reasoning into output when a provider reports it apart (more reasoning than completion tokens)", () => {
    const outcome = extractOpenAiChatFromChunks(
      lines({ choices: [{ delta: { content: "Hi" }, finish_reason: "stop" }] }, { choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, completion_tokens_details: { reasoning_tokens: 5 } } }),
    );
    assert.equal(outcome.kind === "answer" && outcome.usage.outputTokens, 6);
  });

  it("expects an error for a stream without finish_reason", () => {
    assert.equal(extractOpenAiChatFromChunks(lines({ choices: [{ delta: { content: "Hi" } }] })).kind, "error");
  });
});

describe("OpenAI Responses extractor", () => {
  it("reads message, reasoning summary and function_call items; completed with calls means tool-calls", () => {
    const outcome = extractOpenAiResponsesFromJson(
      JSON.stringify({
        status: "completed",
        output: [
          { type: "reasoning", summary: [{ type: "summary_text", text: "plan" }] },
          { type: "message", content: [{ type: "output_text", text: "ok" }] },
          { type: "function_call", name: "f", arguments: '{"x":2}' },
        ],
        usage: { input_tokens: 9, output_tokens: 4, input_tokens_details: { cached_tokens: 8 }, output_tokens_details: { reasoning_tokens: 2 } },
      }),
    );
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "ok",
      hasReasoning: true,
      toolCalls: [{ name: "f", arguments: { x: 2 } }],
      finish: "tool-calls",
      usage: { inputTokens: 9, outputTokens: 4, cacheReadTokens: 8, cacheWriteTokens: null, reasoningTokens: 2 },
    });
  });

  it("unwraps OpenAI's parallel-call wrapper into the calls it stands for, and leaves other shapes alone", () => {
    const wrapper = (args: unknown) => JSON.stringify({ status: "completed", output: [{ type: "function_call", name: "parallel", arguments: JSON.stringify(args) }], usage: {} });
    const unwrapped = extractOpenAiResponsesFromJson(wrapper({ tool_uses: [{ recipient_name: "functions.a", parameters: { x: 1 } }, { recipient_name: "functions.b", parameters: {} }] }));
    assert.deepEqual(unwrapped.kind === "answer" && unwrapped.toolCalls, [
      { name: "a", arguments: { x: 1 } },
      { name: "b", arguments: {} },
    ]);
    const kept = extractOpenAiResponsesFromJson(wrapper({ tool_uses: [{ recipient_name: "a", parameters: {} }] }));
    assert.deepEqual(kept.kind === "answer" && kept.toolCalls.map((call) => call.name), ["parallel"]);
  });

  it("reads the first response of a stream, items from output_item.done; incomplete means length", () => {
    const outcome = extractOpenAiResponsesFromChunks(
      lines(
        { type: "response.created", response: {} },
        { type: "response.output_item.done", output_index: 0, item: { type: "message", content: [{ type: "output_text", text: "cut" }] } },
        { type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, usage: { input_tokens: 1, output_tokens: 2 } } },
        { type: "response.created", response: {} },
      ),
    );
    assert.equal(outcome.kind === "answer" && `${outcome.text}/${outcome.finish}`, "cut/length");
  });

  it("expects an error for an error event, a failed response or a line that is not JSON", () => {
    assert.equal(extractOpenAiResponsesFromChunks(lines({ type: "response.created" }, { type: "error", error: {} })).kind, "error");
    assert.equal(extractOpenAiResponsesFromChunks(lines({ type: "response.failed", response: { status: "failed" } })).kind, "error");
    assert.equal(extractOpenAiResponsesFromChunks(lines('{"type":"response.created"', { type: "response.completed", response: { status: "completed" } })).kind, "error");
  });
});

describe("Gemini extractor", () => {
  it("adds thoughts to output, separates thought text, calls STOP with functionCall tool-calls", () => {
    const outcome = extractGeminiFromJson(
      JSON.stringify({
        candidates: [{ content: { parts: [{ text: "think", thought: true }, { text: "A" }, { functionCall: { name: "f", args: { y: true } } }] }, finishReason: "STOP" }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, thoughtsTokenCount: 10, cachedContentTokenCount: 4 },
      }),
    );
    assert.deepEqual(outcome, {
      kind: "answer",
      text: "A",
      hasReasoning: true,
      toolCalls: [{ name: "f", arguments: { y: true } }],
      finish: "tool-calls",
      usage: { inputTokens: 5, outputTokens: 13, cacheReadTokens: 4, cacheWriteTokens: null, reasoningTokens: 10 },
    });
  });

  it("accumulates chunks, last finishReason and usage win; an error body keeps its code", () => {
    const outcome = extractGeminiFromChunks(
      lines(
        { candidates: [{ content: { parts: [{ text: "a" }] } }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } },
        { candidates: [{ content: { parts: [{ text: "b", thoughtSignature: "sig" }] }, finishReason: "MAX_TOKENS" }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2 } },
      ),
    );
    assert.equal(outcome.kind === "answer" && `${outcome.text}/${outcome.finish}/${outcome.usage.outputTokens}/${outcome.hasReasoning}`, "ab/length/2/false");
    assert.deepEqual(extractGeminiFromJson('{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}'), { kind: "error", status: 429, reason: "Gemini error body" });
  });
});
