// The request-integrity checks on small hand-written requests: each rule both passes a faithful translation and
// catches the mistake it exists for.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkRequestIntegrity } from "./request-integrity";
import type { IntegrityInput } from "./request-integrity";
import { checkTargetValidity } from "./target-validity";

const SCHEMA = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

const CODEX_LIKE = {
  model: "up-chat/gpt-4.1",
  input: [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "You are Codex." }] },
    { type: "message", role: "user", content: [{ type: "input_text", text: "say hi" }] },
  ],
  tools: [
    { type: "function", name: "shell", description: "run", parameters: SCHEMA },
    { type: "namespace", name: "agents", tools: [{ type: "function", name: "spawn", description: "spawn one", parameters: SCHEMA }] },
    { type: "web_search" },
  ],
  store: false,
  prompt_cache_key: "k-1",
};

const FAITHFUL_CHAT = {
  model: "gpt-4.1",
  messages: [
    { role: "system", content: "You are Codex." },
    { role: "user", content: "say hi" },
  ],
  tools: [
    { type: "function", function: { name: "shell", description: "run", parameters: SCHEMA } },
    { type: "function", function: { name: "agents__spawn", description: "spawn one", parameters: SCHEMA } },
  ],
};

function translated(upstreamBody: unknown, overrides: Partial<IntegrityInput> = {}): string[] {
  return checkRequestIntegrity({
    clientProtocol: "openai-responses",
    clientBody: CODEX_LIKE,
    upstreamProtocol: "openai-chat",
    upstreamBody,
    upstreamModel: "gpt-4.1",
    expectedModel: "gpt-4.1",
    ...overrides,
  });
}

describe("checkRequestIntegrity", () => {
  it("accepts a faithful translation (namespace flattened, web_search dropped)", () => {
    assert.deepEqual(translated(FAITHFUL_CHAT), []);
  });

  it("catches a dropped system prompt and one turned into an assistant turn", () => {
    const dropped = { ...FAITHFUL_CHAT, messages: [{ role: "user", content: "say hi" }] };
    assert.match(translated(dropped).join("\n"), /system text dropped/);
    const asAssistant = { ...FAITHFUL_CHAT, messages: [{ role: "assistant", content: "You are Codex." }, { role: "user", content: "say hi" }] };
    const problems = translated(asAssistant).join("\n");
    assert.match(problems, /turned into a turn of role assistant/);
    assert.match(problems, /0 assistant turns sent, 1 arrived/);
  });

  it("catches a lost user prompt", () => {
    const lost = { ...FAITHFUL_CHAT, messages: [{ role: "system", content: "You are Codex." }, { role: "user", content: "" }] };
    assert.match(translated(lost).join("\n"), /user text missing upstream: "say hi"/);
  });

  it("catches a namespace function that lost its namespace, a changed schema and a renamed tool", () => {
    const lostNamespace = { ...FAITHFUL_CHAT, tools: [FAITHFUL_CHAT.tools[0], { type: "function", function: { name: "spawn", description: "spawn one", parameters: SCHEMA } }] };
    assert.match(translated(lostNamespace).join("\n"), /tool agents\.spawn: missing upstream/);
    const changedSchema = { ...FAITHFUL_CHAT, tools: [{ type: "function", function: { name: "shell", description: "run", parameters: { type: "object" } } }, FAITHFUL_CHAT.tools[1]] };
    assert.match(translated(changedSchema).join("\n"), /tool shell: schema changed/);
    const tooLong = `agents__${"x".repeat(70)}spawn`;
    const badName = { ...FAITHFUL_CHAT, tools: [FAITHFUL_CHAT.tools[0], { type: "function", function: { name: tooLong, description: "spawn one", parameters: SCHEMA } }] };
    assert.match(translated(badName).join("\n"), /tool names the target refuses/);
  });

  it("catches a wrong upstream model", () => {
    assert.match(translated(FAITHFUL_CHAT, { upstreamModel: "up-chat/gpt-4.1" }).join("\n"), /upstream model "up-chat\/gpt-4.1", expected "gpt-4.1"/);
  });

  it("passthrough: identical body but for the model, and names what changed", () => {
    const same = { clientProtocol: "openai-responses" as const, clientBody: CODEX_LIKE, upstreamProtocol: "openai-responses" as const, upstreamModel: "gpt-4.1", expectedModel: "gpt-4.1" };
    assert.deepEqual(checkRequestIntegrity({ ...same, upstreamBody: { ...CODEX_LIKE, model: "gpt-4.1" } }), []);
    const { store: _store, ...withoutStore } = CODEX_LIKE;
    assert.deepEqual(checkRequestIntegrity({ ...same, upstreamBody: { ...withoutStore, model: "gpt-4.1", prompt_cache_key: "other" } }), ["passthrough changed the body: prompt_cache_key, store"]);
  });

  it("reads Gemini schemas modulo $schema and const→enum, and Anthropic mid-conversation system messages", () => {
    const claudeCode = {
      model: "gemini/gemini-2.5-pro",
      system: [{ type: "text", text: "Main prompt." }],
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }, { role: "system", content: "Agent types." }],
      tools: [{ name: "Task", description: "d", input_schema: { $schema: "x", type: "object", properties: { status: { const: "done" } } } }],
      max_tokens: 32000,
    };
    const gemini = {
      systemInstruction: { parts: [{ text: "Main prompt." }, { text: "Agent types." }] },
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      tools: [{ functionDeclarations: [{ name: "Task", description: "d", parametersJsonSchema: { type: "object", properties: { status: { enum: ["done"] } } } }] }],
      generationConfig: { maxOutputTokens: 32000 },
    };
    const input = { clientProtocol: "claude" as const, clientBody: claudeCode, upstreamProtocol: "gemini" as const, upstreamModel: "gemini-2.5-pro", expectedModel: "gemini-2.5-pro" };
    assert.deepEqual(checkRequestIntegrity({ ...input, upstreamBody: gemini }), []);
    const dropped = { ...gemini, systemInstruction: { parts: [{ text: "Main prompt." }] } };
    assert.match(checkRequestIntegrity({ ...input, upstreamBody: dropped }).join("\n"), /system text dropped from the system prompt: "Agent types\."/);
  });
});

describe("checkTargetValidity", () => {
  it("Anthropic: thinking budget below max_tokens, sampling rules of 4.5 models", () => {
    assert.deepEqual(checkTargetValidity("claude", { max_tokens: 16384, thinking: { type: "enabled", budget_tokens: 8192 }, messages: [] }, "claude-sonnet-4-5"), []);
    assert.match(checkTargetValidity("claude", { max_tokens: 8000, thinking: { type: "enabled", budget_tokens: 8192 } }, "claude-sonnet-4-5").join("\n"), /must be below max_tokens/);
    assert.match(checkTargetValidity("claude", { max_tokens: 100, temperature: 1, top_p: 0.95 }, "claude-sonnet-4-5").join("\n"), /refuses temperature and top_p together/);
    assert.match(checkTargetValidity("claude", { max_tokens: 100, thinking: { type: "enabled", budget_tokens: 2048 }, top_k: 64 }, "claude-x").join("\n"), /top_k is refused with thinking/);
    assert.match(checkTargetValidity("claude", { max_tokens: 64000 }, "claude-opus-4-1").join("\n"), /exceeds claude-opus-4-1's 32000/);
  });

  it("OpenAI: reasoning models take max_completion_tokens and no sampling; others take no reasoning effort", () => {
    assert.deepEqual(checkTargetValidity("openai-chat", { messages: [{}], max_completion_tokens: 32000, reasoning_effort: "high" }, "gpt-5"), []);
    assert.match(checkTargetValidity("openai-chat", { messages: [{}], max_tokens: 32000 }, "gpt-5").join("\n"), /refuses max_tokens/);
    assert.match(checkTargetValidity("openai-chat", { messages: [{}], reasoning_effort: "high" }, "gpt-4.1").join("\n"), /does not reason/);
    assert.match(checkTargetValidity("openai-responses", { reasoning: { effort: "high" }, temperature: 0.2 }, "gpt-5").join("\n"), /refuses temperature 0.2/);
  });

  it("Gemini: one of thinkingBudget / thinkingLevel, budgets within the model's range", () => {
    assert.deepEqual(checkTargetValidity("gemini", { contents: [{ role: "user" }], generationConfig: { thinkingConfig: { thinkingBudget: 8192 } } }, "gemini-2.5-pro"), []);
    assert.match(checkTargetValidity("gemini", { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } }, "gemini-2.5-pro").join("\n"), /outside gemini-2.5-pro's 128–32768/);
    assert.match(checkTargetValidity("gemini", { generationConfig: { thinkingConfig: { thinkingBudget: 1, thinkingLevel: "HIGH" } } }, "x").join("\n"), /together are refused/);
    assert.match(checkTargetValidity("gemini", { contents: [{ role: "system" }] }, "x").join("\n"), /content role "system"/);
  });
});
