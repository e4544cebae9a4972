import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../core/canonical-request";
import type { ThinkingPolicy, ThinkingSettings, WireFormat } from "../ports";
import { applyThinkingToBody, applyThinkingToCanonical, thinkingPolicyFor } from "./apply-thinking-policy";

const passthrough: ThinkingPolicy = { mode: "passthrough" };
const budget = (budgetTokens: number): ThinkingPolicy => ({ mode: "budget", budgetTokens });
const effort = (value: Extract<ThinkingPolicy, { mode: "effort" }>["effort"]): ThinkingPolicy => ({ mode: "effort", effort: value });

/** Deep-frozen input: any mutation by the function under test throws. */
function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

describe("thinkingPolicyFor", () => {
  const settings: ThinkingSettings = {
    global: effort("low"),
    perModel: new Map<string, ThinkingPolicy>([
      ["anthropic/claude-sonnet-4-5", budget(8_000)],
      ["claude-sonnet-4-5", budget(2_000)],
      ["gpt-4o", passthrough],
    ]),
  };

  it("takes the qualified id's entry first, then the bare upstream id's, then the global policy", () => {
    assert.deepEqual(thinkingPolicyFor(settings, "anthropic/claude-sonnet-4-5", "claude-sonnet-4-5"), budget(8_000));
    assert.deepEqual(thinkingPolicyFor(settings, "my-claude/claude-sonnet-4-5", "claude-sonnet-4-5"), budget(2_000));
    assert.deepEqual(thinkingPolicyFor(settings, "openai/gpt-4o", "gpt-4o"), passthrough, "a per-model passthrough exempts a model from the global policy");
    assert.deepEqual(thinkingPolicyFor(settings, "openai/o3", "o3"), effort("low"));
  });

  it("is passthrough without settings", () => {
    assert.deepEqual(thinkingPolicyFor(undefined, "openai/o3", "o3"), passthrough);
  });
});

describe("applyThinkingToCanonical", () => {
  const request: CanonicalRequest = frozen({
    ...emptyCanonicalRequest("anthropic/claude-sonnet-4-5"),
    reasoning: { mode: "adaptive", effort: "high", includeThoughts: true, summary: "auto" },
  });

  const cases: Array<{ policy: ThinkingPolicy; reasoning: CanonicalRequest["reasoning"] }> = [
    { policy: budget(8_000), reasoning: { mode: "enabled", budgetTokens: 8_000, includeThoughts: true, summary: "auto" } },
    { policy: budget(0), reasoning: { mode: "disabled" } },
    { policy: effort("medium"), reasoning: { effort: "medium", includeThoughts: true, summary: "auto" } },
    { policy: effort("none"), reasoning: { mode: "disabled" } },
  ];
  for (const { policy, reasoning } of cases) {
    it(`${JSON.stringify(policy)} → ${JSON.stringify(reasoning)} (the client's display wishes kept)`, () => {
      const result = applyThinkingToCanonical(request, policy);
      assert.notEqual(result, request);
      assert.deepEqual(result.reasoning, reasoning);
      assert.deepEqual(request.reasoning, { mode: "adaptive", effort: "high", includeThoughts: true, summary: "auto" }, "input unchanged");
    });
  }

  it("sets reasoning on a request that had none", () => {
    const plain = frozen(emptyCanonicalRequest("openai/o3"));
    assert.deepEqual(applyThinkingToCanonical(plain, effort("high")).reasoning, { effort: "high" });
    assert.deepEqual(applyThinkingToCanonical(plain, budget(1_500)).reasoning, { mode: "enabled", budgetTokens: 1_500 });
  });

  it("passthrough returns the same object", () => {
    assert.equal(applyThinkingToCanonical(request, passthrough), request);
  });
});

interface BodyCase {
  name: string;
  format: WireFormat;
  model: string;
  body: Record<string, unknown>;
  policy: ThinkingPolicy;
  /** The whole expected body. */
  expected: Record<string, unknown>;
}

const chatBody = { model: "o3", messages: [{ role: "user", content: "hi" }], reasoning_effort: "low" };
const responsesBody = { model: "gpt-5", input: "hi", reasoning: { summary: "auto", effort: "minimal" } };
const claudeBody = {
  model: "claude-sonnet-4-5",
  max_tokens: 32_000,
  messages: [{ role: "user", content: "hi" }],
  thinking: { type: "enabled", budget_tokens: 31_999 },
};
const gemini25Body = {
  contents: [{ role: "user", parts: [{ text: "hi" }] }],
  generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 8_192 } },
};
const gemini3Body = {
  contents: [{ role: "user", parts: [{ text: "hi" }] }],
  generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } },
};

const bodyCases: BodyCase[] = [
  // openai-chat: reasoning_effort as the Chat translator sends it (a budget maps to the nearest band, then the
  // model family's levels apply).
  { name: "chat effort", format: "openai-chat", model: "o3", body: chatBody, policy: effort("high"), expected: { ...chatBody, reasoning_effort: "high" } },
  { name: "chat budget", format: "openai-chat", model: "o3", body: chatBody, policy: budget(12_000), expected: { ...chatBody, reasoning_effort: "medium" } },
  { name: "chat budget above o3's levels", format: "openai-chat", model: "o3", body: chatBody, policy: budget(100_000), expected: { ...chatBody, reasoning_effort: "high" } },
  {
    name: "chat budget on gpt-5.2 (takes xhigh)",
    format: "openai-chat",
    model: "gpt-5.2",
    body: { ...chatBody, model: "gpt-5.2" },
    policy: budget(100_000),
    expected: { ...chatBody, model: "gpt-5.2", reasoning_effort: "xhigh" },
  },
  {
    name: "chat effort none on gpt-5.1 keeps sampling",
    format: "openai-chat",
    model: "gpt-5.1",
    body: { ...chatBody, model: "gpt-5.1", temperature: 0.3 },
    policy: effort("none"),
    expected: { ...chatBody, model: "gpt-5.1", temperature: 0.3, reasoning_effort: "none" },
  },
  {
    name: "chat thinking on a reasoning model drops the sampling it refuses",
    format: "openai-chat",
    model: "gpt-5.1",
    body: { ...chatBody, model: "gpt-5.1", reasoning_effort: "none", temperature: 0.3, top_p: 0.9, presence_penalty: 1, frequency_penalty: 1, seed: 7 },
    policy: effort("high"),
    expected: { ...chatBody, model: "gpt-5.1", reasoning_effort: "high", seed: 7 },
  },
  {
    name: "chat without reasoning_effort",
    format: "openai-chat",
    model: "o3",
    body: { model: "o3", messages: [] },
    policy: budget(1_024),
    expected: { model: "o3", messages: [], reasoning_effort: "low" },
  },

  // openai-responses: reasoning.effort clamped to the model's levels, the rest of the reasoning object kept.
  {
    name: "responses effort above gpt-5's levels",
    format: "openai-responses",
    model: "gpt-5",
    body: responsesBody,
    policy: effort("xhigh"),
    expected: { ...responsesBody, reasoning: { summary: "auto", effort: "high" } },
  },
  {
    name: "responses effort on gpt-5.2",
    format: "openai-responses",
    model: "gpt-5.2",
    body: responsesBody,
    policy: effort("xhigh"),
    expected: { ...responsesBody, reasoning: { summary: "auto", effort: "xhigh" } },
  },
  {
    name: "responses budget",
    format: "openai-responses",
    model: "gpt-5",
    body: responsesBody,
    policy: budget(4_000),
    expected: { ...responsesBody, reasoning: { summary: "auto", effort: "low" } },
  },
  {
    name: "responses effort none on gpt-5.1 keeps sampling",
    format: "openai-responses",
    model: "gpt-5.1",
    body: { ...responsesBody, temperature: 0.2 },
    policy: effort("none"),
    expected: { ...responsesBody, temperature: 0.2, reasoning: { summary: "auto", effort: "none" } },
  },
  {
    name: "responses thinking on a reasoning model drops temperature and top_p",
    format: "openai-responses",
    model: "gpt-5.1",
    body: { ...responsesBody, temperature: 0.2, top_p: 0.5 },
    policy: effort("low"),
    expected: { ...responsesBody, reasoning: { summary: "auto", effort: "low" } },
  },
  {
    name: "responses on a model it does not know: the effort as is, sampling kept",
    format: "openai-responses",
    model: "my-local-model",
    body: { model: "my-local-model", input: "hi", temperature: 0.2 },
    policy: effort("medium"),
    expected: { model: "my-local-model", input: "hi", temperature: 0.2, reasoning: { effort: "medium" } },
  },
  {
    name: "responses without reasoning",
    format: "openai-responses",
    model: "gpt-5",
    body: { model: "gpt-5", input: "hi" },
    policy: effort("medium"),
    expected: { model: "gpt-5", input: "hi", reasoning: { effort: "medium" } },
  },

  // anthropic-messages: thinking.budget_tokens, ≥ 1024 and < max_tokens.
  {
    name: "anthropic budget that fits",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: budget(10_000),
    expected: { ...claudeBody, thinking: { type: "enabled", budget_tokens: 10_000 } },
  },
  {
    name: "anthropic budget below the minimum",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: budget(100),
    expected: { ...claudeBody, thinking: { type: "enabled", budget_tokens: 1_024 } },
  },
  {
    name: "anthropic budget above max_tokens: max_tokens grows by the budget within the model cap",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: { ...claudeBody, max_tokens: 4_000 },
    policy: budget(20_000),
    expected: { ...claudeBody, max_tokens: 24_000, thinking: { type: "enabled", budget_tokens: 20_000 } },
  },
  {
    name: "anthropic budget above the model cap: cut to max_tokens - 1",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: budget(128_000),
    expected: { ...claudeBody, max_tokens: 64_000, thinking: { type: "enabled", budget_tokens: 63_999 } },
  },
  {
    name: "anthropic budget on a small-cap model",
    format: "anthropic-messages",
    model: "claude-3-haiku-20240307",
    body: { ...claudeBody, model: "claude-3-haiku-20240307", max_tokens: 1_000 },
    policy: budget(8_000),
    expected: { ...claudeBody, model: "claude-3-haiku-20240307", max_tokens: 4_096, thinking: { type: "enabled", budget_tokens: 4_095 } },
  },
  {
    name: "anthropic without max_tokens: the default that leaves room for the budget",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: { model: "claude-sonnet-4-5", messages: [] },
    policy: budget(20_000),
    expected: { model: "claude-sonnet-4-5", messages: [], max_tokens: 24_096, thinking: { type: "enabled", budget_tokens: 20_000 } },
  },
  {
    name: "anthropic effort → budgetForEffort",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: effort("medium"),
    expected: { ...claudeBody, thinking: { type: "enabled", budget_tokens: 12_288 } },
  },
  {
    name: "anthropic effort none → disabled",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: effort("none"),
    expected: { ...claudeBody, thinking: { type: "disabled" } },
  },
  {
    name: "anthropic budget 0 → disabled",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: claudeBody,
    policy: budget(0),
    expected: { ...claudeBody, thinking: { type: "disabled" } },
  },
  {
    name: "anthropic adaptive client: replaced, its display kept, output_config untouched",
    format: "anthropic-messages",
    model: "claude-opus-4-8",
    body: { ...claudeBody, model: "claude-opus-4-8", thinking: { type: "adaptive", display: "summarized" }, output_config: { effort: "high" } },
    policy: budget(16_000),
    expected: {
      ...claudeBody,
      model: "claude-opus-4-8",
      thinking: { type: "enabled", budget_tokens: 16_000, display: "summarized" },
      output_config: { effort: "high" },
    },
  },
  {
    name: "anthropic sampling parameters thinking refuses are dropped",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: { model: "claude-sonnet-4-5", max_tokens: 32_000, messages: [], temperature: 0.2, top_k: 40, top_p: 0.5 },
    policy: budget(4_000),
    expected: { model: "claude-sonnet-4-5", max_tokens: 32_000, messages: [], thinking: { type: "enabled", budget_tokens: 4_000 } },
  },
  {
    name: "anthropic sampling parameters thinking accepts are kept",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: { model: "claude-sonnet-4-5", max_tokens: 32_000, messages: [], temperature: 1, top_p: 0.97 },
    policy: budget(4_000),
    expected: { model: "claude-sonnet-4-5", max_tokens: 32_000, messages: [], temperature: 1, top_p: 0.97, thinking: { type: "enabled", budget_tokens: 4_000 } },
  },
  {
    name: "anthropic disabling keeps sampling parameters",
    format: "anthropic-messages",
    model: "claude-sonnet-4-5",
    body: { model: "claude-sonnet-4-5", max_tokens: 1_000, messages: [], temperature: 0.2 },
    policy: effort("none"),
    expected: { model: "claude-sonnet-4-5", max_tokens: 1_000, messages: [], temperature: 0.2, thinking: { type: "disabled" } },
  },

  // gemini 2.5: thinkingBudget clamped to the model's range; gemini 3: thinkingLevel.
  {
    name: "gemini 2.5 flash budget",
    format: "gemini",
    model: "gemini-2.5-flash",
    body: gemini25Body,
    policy: budget(4_000),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 4_000 } } },
  },
  {
    name: "gemini 2.5 flash budget above the range",
    format: "gemini",
    model: "gemini-2.5-flash",
    body: gemini25Body,
    policy: budget(100_000),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 24_576 } } },
  },
  {
    name: "gemini 2.5 flash budget 0 turns thinking off",
    format: "gemini",
    model: "gemini-2.5-flash",
    body: gemini25Body,
    policy: budget(0),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 0 } } },
  },
  {
    name: "gemini 2.5 pro cannot turn thinking off: its minimum",
    format: "gemini",
    model: "gemini-2.5-pro",
    body: gemini25Body,
    policy: effort("none"),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 128 } } },
  },
  {
    name: "gemini 2.5 pro effort",
    format: "gemini",
    model: "gemini-2.5-pro",
    body: gemini25Body,
    policy: effort("xhigh"),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingBudget: 32_768 } } },
  },
  {
    name: "gemini 2.5 without generationConfig",
    format: "gemini",
    model: "gemini-2.5-flash",
    body: { contents: [] },
    policy: effort("low"),
    expected: { contents: [], generationConfig: { thinkingConfig: { thinkingBudget: 4_096 } } },
  },
  {
    name: "gemini 3.0 pro effort medium → HIGH (no MEDIUM there)",
    format: "gemini",
    model: "gemini-3-pro-preview",
    body: gemini3Body,
    policy: effort("medium"),
    expected: { ...gemini3Body, generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } } },
  },
  {
    name: "gemini 3 pro budget → LOW",
    format: "gemini",
    model: "gemini-3.1-pro-preview",
    body: gemini3Body,
    policy: budget(2_000),
    expected: { ...gemini3Body, generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "LOW" } } },
  },
  {
    name: "gemini 3.1 pro effort medium → MEDIUM (3.1 Pro added it)",
    format: "gemini",
    model: "gemini-3.1-pro-preview",
    body: gemini3Body,
    policy: effort("medium"),
    expected: { ...gemini3Body, generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "MEDIUM" } } },
  },
  {
    name: "gemini 3 flash effort none → MINIMAL",
    format: "gemini",
    model: "gemini-3-flash-preview",
    body: gemini3Body,
    policy: effort("none"),
    expected: { ...gemini3Body, generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "MINIMAL" } } },
  },
  {
    name: "gemini 3 flash effort medium → MEDIUM",
    format: "gemini",
    model: "gemini-3-flash-preview",
    body: gemini3Body,
    policy: effort("medium"),
    expected: { ...gemini3Body, generationConfig: { temperature: 1, thinkingConfig: { includeThoughts: true, thinkingLevel: "MEDIUM" } } },
  },
  {
    name: "gemini 3 replaces a client's thinkingBudget (both knobs together are refused)",
    format: "gemini",
    model: "gemini-3-flash-preview",
    body: gemini25Body,
    policy: effort("high"),
    expected: { ...gemini25Body, generationConfig: { temperature: 1, topP: 0.95, thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } } },
  },
  {
    name: "gemini snake_case config edited in place",
    format: "gemini",
    model: "gemini-2.5-flash",
    body: { contents: [], generation_config: { thinking_config: { include_thoughts: true, thinking_budget: 100 } } },
    policy: budget(2_048),
    expected: { contents: [], generation_config: { thinking_config: { include_thoughts: true, thinking_budget: 2_048 } } },
  },
];

describe("applyThinkingToBody", () => {
  for (const testCase of bodyCases) {
    it(`${testCase.name}: ${JSON.stringify(testCase.policy)}`, () => {
      const body = frozen(structuredClone(testCase.body));
      assert.deepEqual(applyThinkingToBody(testCase.format, body, testCase.policy, testCase.model), testCase.expected);
      assert.deepEqual(body, testCase.body, "the client's body is not changed");
    });
  }

  it("passthrough returns the same object for every format", () => {
    const formats: WireFormat[] = ["openai-chat", "openai-responses", "anthropic-messages", "gemini", "ollama"];
    for (const format of formats) {
      const body = frozen({ model: "m", messages: [] });
      assert.equal(applyThinkingToBody(format, body, passthrough, "m"), body, format);
    }
  });

  it("leaves OpenAI bodies as sent where the model cannot express the policy (no thinking, or no such level)", () => {
    for (const [format, model] of [
      ["openai-chat", "gpt-4o"],
      ["openai-chat", "deepseek-chat"],
      ["openai-chat", "llama-3.3-70b"],
      ["openai-responses", "gpt-4.1"],
    ] as const) {
      const body = frozen({ model, messages: [], input: "hi", temperature: 0.2 });
      assert.equal(applyThinkingToBody(format, body, effort("high"), model), body, `${format} ${model}`);
    }
    // o-series have no "none": the client's own effort stays.
    const o3 = frozen(structuredClone(chatBody));
    assert.equal(applyThinkingToBody("openai-chat", o3, budget(0), "o3"), o3);
  });

  it("leaves Ollama (always translated), forced tool use and thinking-less tool loops on Anthropic, and malformed Gemini configs as they are", () => {
    const ollama = frozen({ model: "llama3", messages: [] });
    assert.equal(applyThinkingToBody("ollama", ollama, budget(8_000), "llama3"), ollama);
    for (const toolChoice of [{ type: "any" }, { type: "tool", name: "f" }]) {
      const forced = frozen({ ...claudeBody, tool_choice: toolChoice });
      assert.equal(applyThinkingToBody("anthropic-messages", forced, budget(8_000), "claude-sonnet-4-5"), forced);
    }
    // A tool loop whose assistant turn has no thinking block to start with: thinking cannot be turned on mid-turn.
    const toolUse = { type: "tool_use", id: "toolu_1", name: "f", input: {} };
    const toolResult = { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ok" }] };
    const midLoop = frozen({ ...claudeBody, messages: [{ role: "user", content: "hi" }, { role: "assistant", content: [{ type: "text", text: "calling" }, toolUse] }, toolResult] });
    assert.equal(applyThinkingToBody("anthropic-messages", midLoop, budget(8_000), "claude-sonnet-4-5"), midLoop);
    assert.deepEqual(applyThinkingToBody("anthropic-messages", midLoop, effort("none"), "claude-sonnet-4-5").thinking, { type: "disabled" }, "turning it off is fine");
    const thoughtLoop = frozen({
      ...claudeBody,
      messages: [{ role: "user", content: "hi" }, { role: "assistant", content: [{ type: "thinking", thinking: "t", signature: "s" }, toolUse] }, toolResult],
    });
    assert.deepEqual(applyThinkingToBody("anthropic-messages", thoughtLoop, budget(8_000), "claude-sonnet-4-5").thinking, { type: "enabled", budget_tokens: 8_000 });
    const finishedLoop = frozen({ ...claudeBody, messages: [...midLoop.messages, { role: "assistant", content: "done" }, { role: "user", content: "next" }] });
    assert.notEqual(applyThinkingToBody("anthropic-messages", finishedLoop, budget(8_000), "claude-sonnet-4-5"), finishedLoop);
    const auto = frozen({ ...claudeBody, tool_choice: { type: "auto" } });
    assert.notEqual(applyThinkingToBody("anthropic-messages", auto, budget(8_000), "claude-sonnet-4-5"), auto);
    const badConfig = frozen({ contents: [], generationConfig: "x" });
    assert.equal(applyThinkingToBody("gemini", badConfig, budget(8_000), "gemini-2.5-flash"), badConfig);
  });

  it("copies only the edited path", () => {
    const body = frozen(structuredClone(gemini25Body));
    const result = applyThinkingToBody("gemini", body, budget(2_000), "gemini-2.5-flash");
    assert.equal(result.contents, body.contents);
    const chat = frozen(structuredClone(chatBody));
    assert.equal(applyThinkingToBody("openai-chat", chat, effort("low"), "o3").messages, chat.messages);
  });
});
