import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyCanonicalRequest, type CanonicalRequest } from "../../core/canonical-request";
import { formatChatRequest } from "./format-request";

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { ...emptyCanonicalRequest("client/model"), messages: [{ role: "user", parts: [{ type: "text", text: "Hi" }] }], ...overrides };
}

describe("formatChatRequest", () => {
  it("writes a minimal body with the target's model", () => {
    assert.deepEqual(formatChatRequest(request({}), { model: "llama-3.3-70b" }), {
      model: "llama-3.3-70b",
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it("puts system first, tool results right after their call, images and files as parts", () => {
    const body = formatChatRequest(
      request({
        system: [
          { type: "text", text: "Be brief.", cacheControl: { type: "ephemeral" } },
          { type: "text", text: "Use French." },
        ],
        messages: [
          {
            role: "user",
            parts: [
              { type: "text", text: "What is this?" },
              { type: "text", text: "And the weather?" },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBOR" }, detail: "low" },
              { type: "image", source: { kind: "url", url: "https://x/y.jpg" } },
              { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBER" } },
              { type: "file", source: { kind: "base64", mediaType: "audio/wav", data: "UklGR" } },
              { type: "file", source: { kind: "url", url: "gs://bucket/doc.pdf" } },
            ],
          },
          {
            role: "assistant",
            parts: [
              { type: "reasoning", text: "private", signature: { format: "anthropic-messages", value: "sig" } },
              { type: "text", text: "Looking." },
              { type: "tool-call", id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' },
              { type: "tool-call", id: "toolu_2", name: "clock", arguments: "" },
            ],
          },
          {
            role: "user",
            parts: [
              { type: "tool-result", toolCallId: "toolu_1", toolName: "weather", content: [{ type: "text", text: "18C" }, { type: "image", source: { kind: "url", url: "https://x/map.png" } }] },
              { type: "tool-result", toolCallId: "toolu_2", toolName: "clock", content: [], isError: true },
              { type: "text", text: "Thanks" },
            ],
          },
          { role: "assistant", parts: [{ type: "reasoning", text: "only thinking" }] },
        ],
      }),
      { model: "m" },
    );
    assert.deepEqual(body.messages, [
      { role: "system", content: "Be brief.\n\nUse French." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "text", text: "And the weather?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBOR", detail: "low" } },
          { type: "image_url", image_url: { url: "https://x/y.jpg" } },
          { type: "file", file: { filename: "document.pdf", file_data: "data:application/pdf;base64,JVBER" } },
          { type: "input_audio", input_audio: { data: "UklGR", format: "wav" } },
        ],
      },
      {
        role: "assistant",
        content: "Looking.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "toolu_2", type: "function", function: { name: "clock", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "18C" },
      { role: "tool", tool_call_id: "toolu_2", content: "" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/map.png" } }, { type: "text", text: "Thanks" }] },
    ]);
  });

  it("joins text-only user content into a string and sends null content beside tool calls", () => {
    const body = formatChatRequest(
      request({
        messages: [
          { role: "user", parts: [{ type: "text", text: "<system-reminder>x</system-reminder>" }, { type: "text", text: "Hi" }] },
          { role: "assistant", parts: [{ type: "tool-call", id: "c", name: "f", arguments: "{}" }] },
        ],
      }),
      { model: "m" },
    );
    assert.deepEqual(body.messages, [
      { role: "user", content: "<system-reminder>x</system-reminder>\n\nHi" },
      { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }] },
    ]);
  });

  it("writes tools and tool choice, dropping other formats' native tools", () => {
    const body = formatChatRequest(
      request({
        tools: [
          { type: "function", name: "weather", description: "Weather", parameters: { type: "object" }, strict: true, cacheControl: { type: "ephemeral" } },
          { type: "native", format: "anthropic-messages", definition: { type: "web_search_20250305", name: "web_search" } },
          { type: "native", format: "openai-chat", definition: { type: "custom", custom: { name: "g" } } },
        ],
        toolChoice: { type: "tool", name: "weather" },
        parallelToolCalls: false,
      }),
      { model: "m" },
    );
    assert.deepEqual(body.tools, [
      { type: "function", function: { name: "weather", description: "Weather", parameters: { type: "object" }, strict: true } },
      { type: "custom", custom: { name: "g" } },
    ]);
    assert.deepEqual(body.tool_choice, { type: "function", function: { name: "weather" } });
    assert.equal(body.parallel_tool_calls, false);
  });

  it("leaves tool_choice out when no tool remains", () => {
    const body = formatChatRequest(
      request({ tools: [{ type: "native", format: "gemini", definition: { googleSearch: {} } }], toolChoice: { type: "auto" }, parallelToolCalls: true }),
      { model: "m" },
    );
    assert.equal("tools" in body, false);
    assert.equal("tool_choice" in body, false);
    assert.equal("parallel_tool_calls" in body, false);
    assert.equal(formatChatRequest(request({ tools: [{ type: "function", name: "f", parameters: {} }], toolChoice: { type: "none" } }), { model: "m" }).tool_choice, "none");
  });

  it("writes sampling and limits for a compatible provider", () => {
    const body = formatChatRequest(
      request({ maxOutputTokens: 512, temperature: 0.3, topP: 0.9, topK: 40, presencePenalty: 0.1, frequencyPenalty: 0.2, seed: 3, stopSequences: ["END"] }),
      { model: "mistral-small-latest" },
    );
    assert.deepEqual(body, {
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 512,
      temperature: 0.3,
      top_p: 0.9,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      stop: ["END"],
      seed: 3,
    });
  });

  it("uses max_completion_tokens for OpenAI models and drops sampling for its reasoning models", () => {
    const gpt4o = formatChatRequest(request({ maxOutputTokens: 100, temperature: 1 }), { model: "gpt-4o" });
    assert.equal(gpt4o.max_completion_tokens, 100);
    assert.equal(gpt4o.temperature, 1);
    assert.equal("max_tokens" in gpt4o, false);
    const gpt5 = formatChatRequest(request({ maxOutputTokens: 100, temperature: 1, topP: 0.95, presencePenalty: 0.1 }), { model: "gpt-5" });
    assert.equal(gpt5.max_completion_tokens, 100);
    for (const field of ["temperature", "top_p", "presence_penalty", "max_tokens"]) assert.equal(field in gpt5, false, field);
    // Claude Code asks for 32000 on every request; gpt-4o takes at most 16384.
    assert.equal(formatChatRequest(request({ maxOutputTokens: 32_000 }), { model: "gpt-4o" }).max_completion_tokens, 16_384);
  });

  it("turns reasoning into reasoning_effort where the model takes it", () => {
    const effortFor = (reasoning: CanonicalRequest["reasoning"], model: string) => formatChatRequest(request({ reasoning }), { model }).reasoning_effort;
    assert.equal(effortFor({ effort: "high" }, "o3-mini"), "high");
    assert.equal(effortFor({ budgetTokens: 31_999 }, "gpt-5"), "high");
    assert.equal(effortFor({ budgetTokens: 31_999 }, "gpt-5.2"), "xhigh");
    assert.equal(effortFor({ mode: "disabled" }, "gpt-5.1"), "none");
    assert.equal(effortFor({ mode: "disabled" }, "gpt-5"), "minimal");
    assert.equal(effortFor({ mode: "disabled" }, "o3"), undefined);
    assert.equal(effortFor({ effort: "minimal" }, "openai/gpt-oss-120b"), "low");
    assert.equal(effortFor({ mode: "adaptive" }, "gpt-5"), undefined);
    assert.equal(effortFor({ effort: "high" }, "gpt-4o"), undefined);
    assert.equal(effortFor({ effort: "high" }, "deepseek-reasoner"), undefined);
  });

  it("maps response formats", () => {
    assert.deepEqual(formatChatRequest(request({ responseFormat: { type: "json-object" } }), { model: "m" }).response_format, { type: "json_object" });
    assert.equal("response_format" in formatChatRequest(request({ responseFormat: { type: "text" } }), { model: "m" }), false);
    assert.deepEqual(
      formatChatRequest(request({ responseFormat: { type: "json-schema", name: "my answer!", schema: { type: "object" }, strict: true, description: "d" } }), { model: "m" })
        .response_format,
      { type: "json_schema", json_schema: { name: "my_answer_", description: "d", schema: { type: "object" }, strict: true } },
    );
  });

  it("always asks for usage on streams", () => {
    const body = formatChatRequest(request({ stream: true, includeUsage: false }), { model: "m" });
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal("stream" in formatChatRequest(request({ stream: false }), { model: "m" }), false);
  });

  it("sends prompt_cache_key to OpenAI models only and never the user id", () => {
    const metadata = { userId: '{"device_id":"abc"}', promptCacheKey: "k1" };
    const openAi = formatChatRequest(request({ metadata }), { model: "gpt-4.1" });
    assert.equal(openAi.prompt_cache_key, "k1");
    assert.equal("user" in openAi, false);
    assert.equal("prompt_cache_key" in formatChatRequest(request({ metadata }), { model: "mistral-large" }), false);
  });

  it("merges OpenAI-only client fields back last", () => {
    const body = formatChatRequest(request({ reasoning: { effort: "xhigh" }, providerOptions: { "openai-chat": { logprobs: true, reasoning_effort: "max" }, gemini: { safetySettings: [] } } }), {
      model: "gpt-5.5",
    });
    assert.equal(body.logprobs, true);
    assert.equal(body.reasoning_effort, "max");
    assert.equal("safetySettings" in body, false);
  });
});
