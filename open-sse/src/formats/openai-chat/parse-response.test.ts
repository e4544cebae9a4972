import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import { parseChatResponse } from "./parse-response";

function completion(message: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: "chatcmpl-1", object: "chat.completion", model: "gpt-x", choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }], ...extra };
}

describe("parseChatResponse", () => {
  it("reads text, id, model and usage with cache and reasoning details", () => {
    const response = parseChatResponse(
      completion(
        { content: "Hello" },
        { usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 5 } } },
      ),
    );
    assert.deepEqual(response, {
      id: "chatcmpl-1",
      model: "gpt-x",
      parts: [{ type: "text", text: "Hello" }],
      finishReason: "stop",
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 64, cacheWriteTokens: null, reasoningTokens: 5 },
    });
  });

  it("reads DeepSeek reasoning_content, tool calls and prompt_cache_hit_tokens", () => {
    const response = parseChatResponse({
      id: "d1",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "", reasoning_content: "Use the tool.", tool_calls: [{ index: 0, id: "call_00_x", type: "function", function: { name: "weather", arguments: '{"location":"SF"}' } }] },
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 339, completion_tokens: 92, total_tokens: 431, prompt_cache_hit_tokens: 320, prompt_cache_miss_tokens: 19 },
    });
    assert.deepEqual(response.parts, [
      { type: "reasoning", text: "Use the tool." },
      { type: "tool-call", id: "call_00_x", name: "weather", arguments: '{"location":"SF"}' },
    ]);
    assert.equal(response.finishReason, "tool-calls");
    assert.equal(response.usage.cacheReadTokens, 320);
  });

  it("reads `reasoning` (OpenRouter/Groq), refusal and splits inline <think> tags", () => {
    assert.deepEqual(parseChatResponse(completion({ content: "A", reasoning: "R" })).parts, [
      { type: "reasoning", text: "R" },
      { type: "text", text: "A" },
    ]);
    assert.deepEqual(parseChatResponse(completion({ content: "\n<think>\nweigh it\n</think>\n\nYes." })).parts, [
      { type: "reasoning", text: "weigh it" },
      { type: "text", text: "Yes." },
    ]);
    const refused = parseChatResponse(completion({ content: null, refusal: "No." }));
    assert.deepEqual(refused.parts, []);
    assert.equal(refused.refusal, "No.");
  });

  it("reads Mistral content parts with thinking", () => {
    const response = parseChatResponse(completion({ content: [{ type: "thinking", thinking: [{ type: "text", text: "hm" }] }, { type: "text", text: "ok" }] }));
    assert.deepEqual(response.parts, [
      { type: "reasoning", text: "hm" },
      { type: "text", text: "ok" },
    ]);
  });

  it("maps finish reasons, and reports tool calls a provider closed with `stop`", () => {
    const reasonOf = (finish: unknown, message: Record<string, unknown> = { content: "x" }) =>
      parseChatResponse({ choices: [{ index: 0, message, finish_reason: finish }] }).finishReason;
    assert.equal(reasonOf("length"), "length");
    assert.equal(reasonOf("content_filter"), "content-filter");
    assert.equal(reasonOf("function_call"), "tool-calls");
    assert.equal(reasonOf("insufficient_system_resource"), "error");
    assert.equal(reasonOf(null), "other");
    assert.equal(reasonOf("stop", { tool_calls: [{ id: "a", function: { name: "f", arguments: "{}" } }] }), "tool-calls");
  });

  it("gives calls without ids response-scoped ids and reads legacy function_call and object arguments", () => {
    const response = parseChatResponse({
      id: "resp-9",
      choices: [{ message: { tool_calls: [{ function: { name: "a", arguments: { x: 1 } } }], function_call: { name: "b", arguments: "" } }, finish_reason: "function_call" }],
    });
    assert.deepEqual(response.parts, [
      { type: "tool-call", id: "call_resp-9_0", name: "a", arguments: '{"x":1}' },
      { type: "tool-call", id: "call_resp-9_1", name: "b", arguments: "{}" },
    ]);
    assert.deepEqual(response.usage, NO_USAGE);
  });

  it("adds xAI's reasoning tokens to the output, where completion_tokens leaves them out", () => {
    const response = parseChatResponse(completion({ content: "Hello" }, { usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 303, completion_tokens_details: { reasoning_tokens: 290 } } }));
    assert.equal(response.usage.outputTokens, 291);
    assert.equal(response.usage.reasoningTokens, 290);
  });

  it("throws for bodies that are not completions", () => {
    assert.throws(() => parseChatResponse({ error: { message: "boom" } }), /not a chat completion/);
    assert.throws(() => parseChatResponse([]), /not a chat completion/);
    assert.throws(() => parseChatResponse({ choices: [] }), /not a chat completion/);
  });
});
