import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../core/canonical-request";
import type { SystemPromptPolicy, WireFormat } from "../ports";
import { applySystemPromptToBody, applySystemPromptToCanonical } from "./apply-system-prompt";

const PROMPT = "Answer in French.";
const prepend: SystemPromptPolicy = { text: PROMPT, position: "prepend" };
const append: SystemPromptPolicy = { text: PROMPT, position: "append" };

function requestWithSystem(...texts: string[]): CanonicalRequest {
  return { ...emptyCanonicalRequest("openai/gpt-4o"), system: texts.map((text) => ({ type: "text", text })) };
}

/** Deep-frozen input: any mutation by the function under test throws. */
function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

describe("applySystemPromptToCanonical", () => {
  it("prepends or appends a text part, leaving the input untouched", () => {
    const request = frozen(requestWithSystem("client rules"));
    assert.deepEqual(applySystemPromptToCanonical(request, prepend).system, [
      { type: "text", text: PROMPT },
      { type: "text", text: "client rules" },
    ]);
    assert.deepEqual(applySystemPromptToCanonical(request, append).system, [
      { type: "text", text: "client rules" },
      { type: "text", text: PROMPT },
    ]);
    assert.deepEqual(request.system, [{ type: "text", text: "client rules" }]);
  });

  it("adds the prompt to a request without a system part", () => {
    const result = applySystemPromptToCanonical(frozen(requestWithSystem()), append);
    assert.deepEqual(result.system, [{ type: "text", text: PROMPT }]);
    assert.equal(result.model, "openai/gpt-4o");
  });

  it("keeps the client's cache markers on its own parts", () => {
    const request = frozen({ ...requestWithSystem(), system: [{ type: "text" as const, text: "cached", cacheControl: { type: "ephemeral" as const } }] });
    assert.deepEqual(applySystemPromptToCanonical(request, append).system, [
      { type: "text", text: "cached", cacheControl: { type: "ephemeral" } },
      { type: "text", text: PROMPT },
    ]);
  });

  it("is a no-op (same object) without a policy or with blank text", () => {
    const request = frozen(requestWithSystem("client rules"));
    assert.equal(applySystemPromptToCanonical(request, undefined), request);
    assert.equal(applySystemPromptToCanonical(request, { text: "  \n\t", position: "prepend" }), request);
    assert.equal(applySystemPromptToCanonical(request, { text: "", position: "append" }), request);
  });

  it("adds the prompt once per call: applying to the original again gives the same result, not a second copy", () => {
    const request = frozen(requestWithSystem("client rules"));
    const first = applySystemPromptToCanonical(request, append);
    const second = applySystemPromptToCanonical(request, append);
    assert.deepEqual(first, second);
    assert.equal(first.system.filter((part) => part.text === PROMPT).length, 1);
  });
});

interface BodyCase {
  name: string;
  format: WireFormat;
  body: Record<string, unknown>;
  prepend: Record<string, unknown>;
  append: Record<string, unknown>;
}

const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];

const bodyCases: BodyCase[] = [
  {
    name: "openai-chat without a system message",
    format: "openai-chat",
    body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], tools },
    prepend: { model: "gpt-4o", messages: [{ role: "system", content: PROMPT }, { role: "user", content: "hi" }], tools },
    append: { model: "gpt-4o", messages: [{ role: "system", content: PROMPT }, { role: "user", content: "hi" }], tools },
  },
  {
    name: "openai-chat with leading system messages",
    format: "openai-chat",
    body: {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "s1" },
        { role: "system", content: "s2" },
        { role: "user", content: "hi" },
        { role: "system", content: "mid-conversation" },
      ],
    },
    prepend: {
      model: "gpt-4o",
      messages: [
        { role: "system", content: PROMPT },
        { role: "system", content: "s1" },
        { role: "system", content: "s2" },
        { role: "user", content: "hi" },
        { role: "system", content: "mid-conversation" },
      ],
    },
    append: {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "s1" },
        { role: "system", content: "s2" },
        { role: "system", content: PROMPT },
        { role: "user", content: "hi" },
        { role: "system", content: "mid-conversation" },
      ],
    },
  },
  {
    name: "openai-chat with a developer message (the prompt takes its role)",
    format: "openai-chat",
    body: { model: "o3", messages: [{ role: "developer", content: "d" }, { role: "user", content: "hi" }] },
    prepend: { model: "o3", messages: [{ role: "developer", content: PROMPT }, { role: "developer", content: "d" }, { role: "user", content: "hi" }] },
    append: { model: "o3", messages: [{ role: "developer", content: "d" }, { role: "developer", content: PROMPT }, { role: "user", content: "hi" }] },
  },
  {
    name: "openai-responses without instructions",
    format: "openai-responses",
    body: { model: "gpt-5", input: "hi" },
    prepend: { model: "gpt-5", input: "hi", instructions: PROMPT },
    append: { model: "gpt-5", input: "hi", instructions: PROMPT },
  },
  {
    name: "openai-responses with instructions",
    format: "openai-responses",
    body: { model: "gpt-5", input: "hi", instructions: "Be brief." },
    prepend: { model: "gpt-5", input: "hi", instructions: `${PROMPT}\n\nBe brief.` },
    append: { model: "gpt-5", input: "hi", instructions: `Be brief.\n\n${PROMPT}` },
  },
  {
    name: "openai-responses with null instructions",
    format: "openai-responses",
    body: { model: "gpt-5", input: "hi", instructions: null },
    prepend: { model: "gpt-5", input: "hi", instructions: PROMPT },
    append: { model: "gpt-5", input: "hi", instructions: PROMPT },
  },
  {
    name: "anthropic-messages without system",
    format: "anthropic-messages",
    body: { model: "claude-sonnet-4-5", max_tokens: 100, messages: [] },
    prepend: { model: "claude-sonnet-4-5", max_tokens: 100, messages: [], system: [{ type: "text", text: PROMPT }] },
    append: { model: "claude-sonnet-4-5", max_tokens: 100, messages: [], system: [{ type: "text", text: PROMPT }] },
  },
  {
    name: "anthropic-messages with a string system",
    format: "anthropic-messages",
    body: { model: "claude-sonnet-4-5", messages: [], system: "Be brief." },
    prepend: { model: "claude-sonnet-4-5", messages: [], system: [{ type: "text", text: PROMPT }, { type: "text", text: "Be brief." }] },
    append: { model: "claude-sonnet-4-5", messages: [], system: [{ type: "text", text: "Be brief." }, { type: "text", text: PROMPT }] },
  },
  {
    name: "anthropic-messages with an empty string system (no empty block is sent)",
    format: "anthropic-messages",
    body: { model: "claude-sonnet-4-5", messages: [], system: "" },
    prepend: { model: "claude-sonnet-4-5", messages: [], system: [{ type: "text", text: PROMPT }] },
    append: { model: "claude-sonnet-4-5", messages: [], system: [{ type: "text", text: PROMPT }] },
  },
  {
    name: "anthropic-messages with cached system blocks (markers stay on the client's blocks)",
    format: "anthropic-messages",
    body: {
      model: "claude-sonnet-4-5",
      messages: [],
      system: [
        { type: "text", text: "identity" },
        { type: "text", text: "long instructions", cache_control: { type: "ephemeral" } },
      ],
    },
    prepend: {
      model: "claude-sonnet-4-5",
      messages: [],
      system: [
        { type: "text", text: PROMPT },
        { type: "text", text: "identity" },
        { type: "text", text: "long instructions", cache_control: { type: "ephemeral" } },
      ],
    },
    append: {
      model: "claude-sonnet-4-5",
      messages: [],
      system: [
        { type: "text", text: "identity" },
        { type: "text", text: "long instructions", cache_control: { type: "ephemeral" } },
        { type: "text", text: PROMPT },
      ],
    },
  },
  {
    name: "gemini without systemInstruction",
    format: "gemini",
    body: { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
    prepend: { contents: [{ role: "user", parts: [{ text: "hi" }] }], systemInstruction: { parts: [{ text: PROMPT }] } },
    append: { contents: [{ role: "user", parts: [{ text: "hi" }] }], systemInstruction: { parts: [{ text: PROMPT }] } },
  },
  {
    name: "gemini with systemInstruction (role kept)",
    format: "gemini",
    body: { contents: [], systemInstruction: { role: "user", parts: [{ text: "cli rules" }] } },
    prepend: { contents: [], systemInstruction: { role: "user", parts: [{ text: PROMPT }, { text: "cli rules" }] } },
    append: { contents: [], systemInstruction: { role: "user", parts: [{ text: "cli rules" }, { text: PROMPT }] } },
  },
  {
    name: "gemini with snake_case system_instruction (edited in place, no second key)",
    format: "gemini",
    body: { contents: [], system_instruction: { parts: [{ text: "rules" }] } },
    prepend: { contents: [], system_instruction: { parts: [{ text: PROMPT }, { text: "rules" }] } },
    append: { contents: [], system_instruction: { parts: [{ text: "rules" }, { text: PROMPT }] } },
  },
];

describe("applySystemPromptToBody", () => {
  for (const testCase of bodyCases) {
    it(`${testCase.name}: prepend and append`, () => {
      const body = frozen(structuredClone(testCase.body));
      assert.deepEqual(applySystemPromptToBody(testCase.format, body, prepend), testCase.prepend);
      assert.deepEqual(applySystemPromptToBody(testCase.format, body, append), testCase.append);
      assert.deepEqual(body, testCase.body, "the client's body is not changed");
    });
  }

  it("copies only the edited path: untouched fields are shared with the input", () => {
    const body = frozen({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], tools });
    const result = applySystemPromptToBody("openai-chat", body, append);
    assert.notEqual(result, body);
    assert.equal(result.tools, body.tools);
    assert.equal((result.messages as unknown[])[1], body.messages[0]);

    const anthropic = frozen({ messages: [], system: [{ type: "text", text: "a", cache_control: { type: "ephemeral" } }] });
    const anthropicResult = applySystemPromptToBody("anthropic-messages", anthropic, append);
    assert.equal((anthropicResult.system as unknown[])[0], anthropic.system[0]);
  });

  it("returns the same object without a policy, with blank text, for Ollama, and for shapes the format does not allow", () => {
    const chat = frozen({ messages: [{ role: "user", content: "hi" }] });
    assert.equal(applySystemPromptToBody("openai-chat", chat, undefined), chat);
    assert.equal(applySystemPromptToBody("openai-chat", chat, { text: " ", position: "append" }), chat);
    assert.equal(applySystemPromptToBody("ollama", chat, append), chat);
    const badSystem = frozen({ messages: [], system: 42 });
    assert.equal(applySystemPromptToBody("anthropic-messages", badSystem, append), badSystem);
    const badInstructions = frozen({ input: "hi", instructions: ["x"] });
    assert.equal(applySystemPromptToBody("openai-responses", badInstructions, append), badInstructions);
    const badParts = frozen({ contents: [], systemInstruction: { parts: "x" } });
    assert.equal(applySystemPromptToBody("gemini", badParts, append), badParts);
    const noMessages = frozen({ model: "gpt-4o" });
    assert.equal(applySystemPromptToBody("openai-chat", noMessages, append), noMessages);
  });

  it("keeps the client's text exactly (no trimming of the prompt or of theirs)", () => {
    const policy: SystemPromptPolicy = { text: "  line one\nline two  ", position: "append" };
    const result = applySystemPromptToBody("openai-responses", frozen({ input: "hi", instructions: " theirs " }), policy);
    assert.equal(result.instructions, " theirs \n\n  line one\nline two  ");
  });
});
