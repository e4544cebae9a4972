import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ChatStreamAggregator } from "./aggregate-chat-stream";
import { completionToSseChunks } from "./completion-to-chunks";

// Recorded provider traffic lives beside the project, never copied into it.
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/fixtures/upstream/openai-chat");
const haveFixtures = existsSync(fixtures);

function chunksOf(name: string): unknown[] {
  return readFileSync(join(fixtures, `${name}.chunks.txt`), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}

function aggregate(name: string) {
  const aggregator = new ChatStreamAggregator();
  for (const chunk of chunksOf(name)) aggregator.add(chunk);
  return aggregator.toCompletion("fallback", () => 0) as {
    object: string;
    choices: { message: { content: string | null; reasoning_content?: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[];
    usage?: { prompt_tokens: number };
  };
}

describe("ChatStreamAggregator (recorded traffic)", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  it("rebuilds OpenAI text with usage", () => {
    const completion = aggregate("openai-text");
    const expected = JSON.parse(readFileSync(join(fixtures, "openai-text.json"), "utf8"));
    assert.equal(completion.object, "chat.completion");
    assert.ok((completion.choices[0]?.message.content ?? "").length > 0);
    assert.equal(completion.choices[0]?.finish_reason, expected.choices?.[0]?.finish_reason ?? "stop");
  });

  it("rebuilds DeepSeek reasoning into reasoning_content", () => {
    const completion = aggregate("deepseek-reasoning");
    assert.ok((completion.choices[0]?.message.reasoning_content ?? "").length > 0);
  });

  for (const name of ["deepseek-tool-call", "groq-tool-call", "mistral-tool-call"]) {
    it(`rebuilds ${name} tool calls with arguments that parse`, () => {
      const completion = aggregate(name);
      const calls = completion.choices[0]?.message.tool_calls ?? [];
      assert.ok(calls.length > 0, "at least one tool call");
      for (const call of calls) {
        assert.ok(call.function.name.length > 0);
        assert.doesNotThrow(() => JSON.parse(call.function.arguments));
      }
      assert.equal(completion.choices[0]?.finish_reason, "tool_calls");
    });
  }
});

describe("ChatStreamAggregator (synthetic)", () => {
  it("merges parallel tool calls by index, interleaved", () => {
    const aggregator = new ChatStreamAggregator();
    const delta = (toolCalls: unknown[], finish: string | null = null) => ({ id: "c1", model: "m", created: 1, choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: finish }] });
    aggregator.add(delta([{ index: 0, id: "call_a", type: "function", function: { name: "read", arguments: "" } }]));
    aggregator.add(delta([{ index: 1, id: "call_b", type: "function", function: { name: "write", arguments: '{"p' } }]));
    aggregator.add(delta([{ index: 0, function: { arguments: '{"f":1}' } }]));
    aggregator.add(delta([{ index: 1, function: { arguments: '":2}' } }], "tool_calls"));
    const completion = aggregator.toCompletion("m", () => 0) as { choices: { message: { tool_calls: { id: string; function: { arguments: string } }[] } }[] };
    const calls = completion.choices[0]!.message.tool_calls;
    assert.deepEqual(calls.map((call) => call.id), ["call_a", "call_b"]);
    assert.deepEqual(calls.map((call) => JSON.parse(call.function.arguments)), [{ f: 1 }, { p: 2 }]);
  });

  it("records an in-band error", () => {
    const aggregator = new ChatStreamAggregator();
    aggregator.add({ error: { message: "overloaded" } });
    assert.deepEqual(aggregator.upstreamError, { message: "overloaded" });
  });

  it("replays a completion as a one-shot stream that aggregates back to the same message", () => {
    const completion = {
      id: "x", object: "chat.completion", created: 5, model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "hi", tool_calls: [{ id: "t", type: "function", function: { name: "f", arguments: "{}" } }] }, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    };
    const sse = completionToSseChunks(completion, true);
    assert.ok(sse.endsWith("data: [DONE]\n\n"));
    const aggregator = new ChatStreamAggregator();
    for (const block of sse.split("\n\n")) {
      const data = block.replace(/^data: /, "");
      if (data && data !== "[DONE]") aggregator.add(JSON.parse(data));
    }
    const rebuilt = aggregator.toCompletion("m", () => 0) as typeof completion;
    assert.deepEqual(rebuilt.choices, [{ ...completion.choices[0], logprobs: null }]);
    assert.deepEqual(rebuilt.usage, completion.usage);
  });
});
