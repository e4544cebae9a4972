import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import type { CanonicalResponse } from "../../core/canonical-response";
import type { ResponseContext } from "../wire-codec";
import { formatChatResponse } from "./format-response";

const context: ResponseContext = { model: "cc/claude-sonnet-4-5", requestId: "req1", createdAt: 1_700_000_000, includeUsage: false };

describe("formatChatResponse", () => {
  it("writes a chat.completion with text, reasoning, tool calls and usage", () => {
    const response: CanonicalResponse = {
      id: "msg_upstream",
      parts: [
        { type: "reasoning", text: "Think", signature: { format: "anthropic-messages", value: "sig" } },
        { type: "text", text: "Let me " },
        { type: "text", text: "check." },
        { type: "tool-call", id: "toolu_1", name: "weather", arguments: "" },
      ],
      finishReason: "tool-calls",
      usage: { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 10, reasoningTokens: null },
    };
    assert.deepEqual(formatChatResponse(response, context), {
      id: "chatcmpl-req1",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "cc/claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Let me check.",
            refusal: null,
            reasoning_content: "Think",
            tool_calls: [{ id: "toolu_1", type: "function", function: { name: "weather", arguments: "{}" } }],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 10 } },
    });
  });

  it("writes null content for tool-only turns and refusals, and leaves unreported usage out", () => {
    const toolsOnly = formatChatResponse({ parts: [{ type: "tool-call", id: "a", name: "f", arguments: "{}" }], finishReason: "tool-calls", usage: NO_USAGE }, context);
    assert.equal((toolsOnly.choices as Array<{ message: { content: unknown } }>)[0]!.message.content, null);
    assert.equal("usage" in toolsOnly, false);
    const refusal = formatChatResponse({ parts: [], finishReason: "refusal", refusal: "I can't.", usage: NO_USAGE }, context);
    const choice = (refusal.choices as Array<{ message: Record<string, unknown>; finish_reason: string }>)[0]!;
    assert.deepEqual(choice.message, { role: "assistant", content: null, refusal: "I can't." });
    assert.equal(choice.finish_reason, "stop");
  });

  it("maps finish reasons OpenAI lacks", () => {
    const finishOf = (finishReason: CanonicalResponse["finishReason"]) =>
      (formatChatResponse({ parts: [{ type: "text", text: "x" }], finishReason, usage: NO_USAGE }, context).choices as Array<{ finish_reason: string }>)[0]!.finish_reason;
    assert.equal(finishOf("stop-sequence"), "stop");
    assert.equal(finishOf("pause"), "stop");
    assert.equal(finishOf("length"), "length");
    assert.equal(finishOf("content-filter"), "content_filter");
    assert.equal(finishOf("error"), "error");
  });

  it("writes reasoning token details when reported", () => {
    const body = formatChatResponse({ parts: [{ type: "text", text: "x" }], finishReason: "stop", usage: { ...NO_USAGE, outputTokens: 9, reasoningTokens: 4 } }, context);
    assert.deepEqual(body.usage, { prompt_tokens: 0, completion_tokens: 9, total_tokens: 9, completion_tokens_details: { reasoning_tokens: 4 } });
  });
});
