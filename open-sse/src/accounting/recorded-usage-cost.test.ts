import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { codecFor } from "../formats/codec-registry";
import type { WireFormat } from "../ports";
import { computeCost, explainCost } from "./compute-cost";
import { DEFAULT_MODEL_PRICES } from "./default-prices";
import { PriceBook, tablePriceSource } from "./price-book";
import type { TokenUsage } from "./token-usage";

// Real provider responses (../shared/fixtures/upstream) go through the same codec that reads usage in
// production, then through the price book and computeCost: the exact cost of each recorded request.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const fixturesRoot = path.resolve(repoRoot, "../shared/fixtures/upstream");
const book = new PriceBook([tablePriceSource("default", DEFAULT_MODEL_PRICES)]);

function usageOfJson(file: string, format: WireFormat): TokenUsage {
  return codecFor(format).parseResponse(JSON.parse(readFileSync(path.join(fixturesRoot, file), "utf8"))).usage;
}

/** Replays a recorded stream (one SSE data payload per line) through the format's stream parser. */
function usageOfStream(file: string, format: WireFormat): TokenUsage {
  const parser = codecFor(format).createStreamParser();
  let usage: TokenUsage | undefined;
  for (const line of readFileSync(path.join(fixturesRoot, file), "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const eventName = (JSON.parse(line) as { type?: unknown }).type;
    for (const event of parser.push(line, typeof eventName === "string" ? eventName : undefined)) {
      if (event.type === "usage") usage = { ...(usage ?? event.usage), ...withoutNulls(event.usage) };
    }
  }
  assert.ok(usage, `${file} carries usage`);
  return usage;
}

function withoutNulls(usage: TokenUsage): Partial<TokenUsage> {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== null));
}

function costOf(usage: TokenUsage, provider: string, model: string) {
  return computeCost(usage, book.quote(provider, model), "metered");
}

describe("exact costs of recorded requests", () => {
  it("Anthropic: input_tokens excludes cache, so nothing is billed twice (claude-sonnet-4-5 dated id)", () => {
    const usage = usageOfJson("claude/anthropic-text.json", "anthropic-messages");
    assert.deepEqual([usage.inputTokens, usage.cacheReadTokens, usage.cacheWriteTokens, usage.outputTokens], [12, 0, 0, 29]);
    const { costUsd, basis } = costOf(usage, "anthropic", "claude-sonnet-4-5-20250929");
    assert.equal(basis.key, "anthropic/claude-sonnet-4-5");
    assert.equal(costUsd, 0.000471); // 12×$3 + 29×$15 per million
  });

  it("Anthropic with prompt caching (our own small body through the same codec): reads at 0.1×, writes at 1.25×", () => {
    // The shape Anthropic answers with when a cached prefix is read and a new breakpoint is written.
    const body = {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "ok" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 1_000, cache_read_input_tokens: 150_000, cache_creation_input_tokens: 20_000, output_tokens: 2_000 },
    };
    const usage = codecFor("anthropic-messages").parseResponse(body).usage;
    assert.equal(usage.inputTokens, 171_000, "canonical input includes both cache classes");
    // The peer bug this guards against: billing only `input_tokens` showed $0.033 instead of $0.153.
    assert.equal(costOf(usage, "anthropic", "claude-sonnet-4-5").costUsd, 0.153);
  });

  it("Anthropic thinking: thinking tokens are output tokens, billed once (claude-opus-5)", () => {
    const usage = usageOfJson("claude/anthropic-claude-opus-5-reasoning-high.1.json", "anthropic-messages");
    assert.deepEqual([usage.inputTokens, usage.outputTokens, usage.reasoningTokens], [51, 1_699, 139]);
    const { costUsd, basis } = costOf(usage, "anthropic", "claude-opus-5");
    assert.equal(costUsd, 0.04273); // 51×$5 + (1,560 + 139)×$25
    assert.deepEqual(
      explainCost(usage, basis).lines.map((line) => [line.tokenClass, line.tokens]),
      [["input", 51], ["output", 1_560], ["reasoning", 139]],
    );
  });

  it("OpenAI Chat (gpt-4.1-nano, dated id)", () => {
    const usage = usageOfJson("openai-chat/openai-text.json", "openai-chat");
    assert.equal(costOf(usage, "openai", "gpt-4.1-nano-2025-04-14").costUsd, 0.0001468); // 16×$0.10 + 363×$0.40
  });

  it("OpenAI Responses: reasoning_tokens inside output_tokens (gpt-5-mini)", () => {
    const usage = usageOfJson("openai-responses/openai-reasoning-encrypted-content.1.json", "openai-responses");
    assert.deepEqual([usage.inputTokens, usage.outputTokens, usage.reasoningTokens], [865, 163, 128]);
    assert.equal(costOf(usage, "openai", "gpt-5-mini-2025-08-07").costUsd, 0.00054225); // 865×$0.25 + 163×$2
  });

  it("Gemini: thoughtsTokenCount is added to the output and billed at the output price (gemini-3-pro-preview)", () => {
    const usage = usageOfJson("gemini/google-reasoning.json", "gemini");
    assert.deepEqual([usage.inputTokens, usage.outputTokens, usage.reasoningTokens], [9, 311, 282]);
    assert.equal(costOf(usage, "gemini", "gemini-3-pro-preview").costUsd, 0.00375); // 9×$2 + 311×$12
  });

  it("DeepSeek (OpenAI-compatible) stream: prompt_cache_hit_tokens at the cache-hit price, reasoning as output", () => {
    const usage = usageOfStream("openai-chat/deepseek-tool-call.chunks.txt", "openai-chat");
    assert.deepEqual([usage.inputTokens, usage.cacheReadTokens, usage.outputTokens, usage.reasoningTokens], [339, 320, 83, 39]);
    // 19×$0.28 + 320×$0.028 + 83×$0.42
    assert.equal(costOf(usage, "ds", "deepseek-reasoner").costUsd, 0.00004914);
  });

  it("xAI (OpenAI-compatible custom provider): equals the cost xAI itself reported for the request", () => {
    const file = "openai-chat/xai-text.chunks.txt";
    const usage = usageOfStream(file, "openai-chat");
    assert.deepEqual([usage.inputTokens, usage.cacheReadTokens, usage.outputTokens, usage.reasoningTokens], [12, 11, 291, 290]);
    // What a user enters under /api/pricing for a custom node: grok-3-mini's list prices.
    const customBook = new PriceBook([
      tablePriceSource("override", { "xai/grok-3-mini": { inputPerMillion: 0.3, cacheReadPerMillion: 0.075, outputPerMillion: 0.5 } }),
    ]);
    const { costUsd } = computeCost(usage, customBook.quote("xai", "grok-3-mini"), "metered");
    const lastLine = readFileSync(path.join(fixturesRoot, file), "utf8").trim().split("\n").at(-1)!;
    const ticks = (JSON.parse(lastLine) as { usage: { cost_in_usd_ticks: number } }).usage.cost_in_usd_ticks;
    assert.equal(ticks, 1_466_250);
    assert.equal(costUsd, ticks / 1e10, "xAI bills in 1e-10 USD ticks");
  });
});
