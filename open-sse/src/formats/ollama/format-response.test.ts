import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_USAGE } from "../../accounting/token-usage";
import type { ResponseContext } from "../wire-codec";
import { formatOllamaResponse } from "./format-response";

const context: ResponseContext = { model: "gw/llama", requestId: "r1", createdAt: 1_700_000_000, includeUsage: false };

describe("formatOllamaResponse", () => {
  it("writes the single final object with the whole message", () => {
    assert.deepEqual(
      formatOllamaResponse(
        {
          parts: [
            { type: "reasoning", text: "Hmm." },
            { type: "text", text: "Calling." },
            { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: '{"city":"Tokyo"}' },
            { type: "tool-call", id: "toolu_2", name: "broken", arguments: '{"cut' },
          ],
          finishReason: "tool-calls",
          usage: { ...NO_USAGE, inputTokens: 169, outputTokens: 15 },
        },
        context,
      ),
      {
        model: "gw/llama",
        created_at: "2023-11-14T22:13:20.000Z",
        message: {
          role: "assistant",
          content: "Calling.",
          thinking: "Hmm.",
          tool_calls: [
            { id: "toolu_1", function: { index: 0, name: "get_weather", arguments: { city: "Tokyo" } } },
            { id: "toolu_2", function: { index: 1, name: "broken", arguments: {} } },
          ],
        },
        done: true,
        done_reason: "stop",
        total_duration: 0,
        load_duration: 0,
        prompt_eval_count: 169,
        prompt_eval_duration: 0,
        eval_count: 15,
        eval_duration: 0,
      },
    );
  });

  it("reports length, shows a refusal as content and leaves unreported counts out", () => {
    const body = formatOllamaResponse({ parts: [], finishReason: "length", refusal: "No.", usage: NO_USAGE }, context);
    assert.deepEqual(body.message, { role: "assistant", content: "No." });
    assert.equal(body.done_reason, "length");
    assert.equal("prompt_eval_count" in body, false);
    assert.equal("eval_count" in body, false);
  });
});
