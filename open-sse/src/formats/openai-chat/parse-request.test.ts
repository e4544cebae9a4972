import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseChatRequest } from "./parse-request";

function parse(body: Record<string, unknown>) {
  return parseChatRequest({ model: "openai/gpt-4o", ...body }, {});
}

function rejects(body: Record<string, unknown>, param: string, message?: RegExp): void {
  assert.throws(
    () => parse(body),
    (error: unknown) => {
      assert.ok(GatewayError.isInstance(error));
      assert.equal(error.status, 400);
      assert.equal(error.param, param);
      if (message !== undefined) assert.match(error.publicMessage, message);
      return true;
    },
  );
}

describe("parseChatRequest", () => {
  it("reads a minimal request", () => {
    const request = parse({ messages: [{ role: "user", content: "Hi" }] });
    assert.equal(request.model, "openai/gpt-4o");
    assert.deepEqual(request.messages, [{ role: "user", parts: [{ type: "text", text: "Hi" }] }]);
    assert.deepEqual(request.system, []);
    assert.equal(request.stream, false);
    assert.equal(request.includeUsage, false);
    assert.deepEqual(request.providerOptions, {});
  });

  it("hoists system and developer messages in order, wherever they stand", () => {
    const request = parse({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "developer", content: [{ type: "text", text: "Use French." }, { type: "text", text: "No emoji." }] },
      ],
    });
    assert.deepEqual(request.system, [
      { type: "text", text: "Be brief." },
      { type: "text", text: "Use French." },
      { type: "text", text: "No emoji." },
    ]);
    assert.equal(request.messages.length, 1);
  });

  it("reads user parts: text, data-URL and remote images, files, audio, cache markers", () => {
    const request = parse({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Look", cache_control: { type: "ephemeral", ttl: "1h" } },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" } },
            { type: "image_url", image_url: "https://example.com/cat.jpg" },
            { type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" } },
            { type: "file", file: { file_data: "JVBERi0=" } },
            { type: "input_audio", input_audio: { data: "UklGR", format: "mp3" }, prompt_cache_breakpoint: { mode: "explicit" } },
          ],
        },
      ],
    });
    assert.deepEqual(request.messages[0]!.parts, [
      { type: "text", text: "Look", cacheControl: { type: "ephemeral", ttl: "1h" } },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" }, detail: "high" },
      { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
      { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" }, filename: "a.pdf" },
      { type: "file", source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" } },
      { type: "file", source: { kind: "base64", mediaType: "audio/mpeg", data: "UklGR" }, cacheControl: { type: "ephemeral" } },
    ]);
  });

  it("reads assistant reasoning, text, refusal and tool calls; tool messages join one user message", () => {
    const request = parse({
      messages: [
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          reasoning_content: "Two cities, two calls.",
          content: "Checking.",
          tool_calls: [
            { id: "call_a", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "call_b", type: "function", function: { name: "weather", arguments: { city: "Rome" } } },
          ],
        },
        { role: "tool", tool_call_id: "call_a", content: "18C" },
        { role: "tool", tool_call_id: "call_b", content: [{ type: "text", text: "21C" }] },
        { role: "user", content: "Thanks" },
        { role: "assistant", content: null, refusal: "I can't help with that." },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: "user", parts: [{ type: "text", text: "Weather in Paris and Rome?" }] },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "Two cities, two calls." },
          { type: "text", text: "Checking." },
          { type: "tool-call", id: "call_a", name: "weather", arguments: '{"city":"Paris"}' },
          { type: "tool-call", id: "call_b", name: "weather", arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "tool-result", toolCallId: "call_a", toolName: "weather", content: [{ type: "text", text: "18C" }] },
          { type: "tool-result", toolCallId: "call_b", toolName: "weather", content: [{ type: "text", text: "21C" }] },
        ],
      },
      { role: "user", parts: [{ type: "text", text: "Thanks" }] },
      { role: "assistant", parts: [{ type: "text", text: "I can't help with that." }] },
    ]);
  });

  it("reads OpenRouter-style `reasoning` and drops empty messages", () => {
    const request = parse({
      messages: [
        { role: "user", content: "" },
        { role: "assistant", reasoning: "hmm", content: "" },
        { role: "assistant", content: "" },
      ],
    });
    assert.deepEqual(request.messages, [{ role: "assistant", parts: [{ type: "reasoning", text: "hmm" }] }]);
  });

  it("pairs legacy function_call / function messages", () => {
    const request = parse({
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null, function_call: { name: "lookup", arguments: '{"q":1}' } },
        { role: "function", name: "lookup", content: "found" },
      ],
      functions: [{ name: "lookup", parameters: { type: "object" } }],
      function_call: { name: "lookup" },
    });
    assert.deepEqual(request.messages[1]!.parts, [{ type: "tool-call", id: "call_1_function", name: "lookup", arguments: '{"q":1}' }]);
    assert.deepEqual(request.messages[2]!.parts, [{ type: "tool-result", toolCallId: "call_1_function", toolName: "lookup", content: [{ type: "text", text: "found" }] }]);
    assert.deepEqual(request.tools, [{ type: "function", name: "lookup", parameters: { type: "object" } }]);
    assert.deepEqual(request.toolChoice, { type: "tool", name: "lookup" });
  });

  it("reads tools, tool choice and native tools", () => {
    const request = parse({
      messages: [{ role: "user", content: "Hi" }],
      tools: [
        { type: "function", function: { name: "weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true } },
        { type: "function", function: { name: "now" } },
        { type: "custom", custom: { name: "grammar" } },
      ],
      tool_choice: { type: "function", function: { name: "weather" } },
      parallel_tool_calls: false,
    });
    assert.deepEqual(request.tools, [
      { type: "function", name: "weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: true },
      { type: "function", name: "now", parameters: { type: "object", properties: {} } },
      { type: "native", format: "openai-chat", definition: { type: "custom", custom: { name: "grammar" } } },
    ]);
    assert.deepEqual(request.toolChoice, { type: "tool", name: "weather" });
    assert.equal(request.parallelToolCalls, false);
    assert.deepEqual(parse({ messages: [{ role: "user", content: "x" }], tool_choice: "required" }).toolChoice, { type: "required" });
  });

  it("keeps allowed_tools for OpenAI and gives other formats its mode", () => {
    const choice = { type: "allowed_tools", allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "a" } }] } };
    const request = parse({ messages: [{ role: "user", content: "x" }], tool_choice: choice });
    assert.deepEqual(request.toolChoice, { type: "required" });
    assert.deepEqual(request.providerOptions["openai-chat"], { tool_choice: choice });
  });

  it("reads sampling, limits, stop, seed, response format, reasoning, stream and metadata", () => {
    const request = parse({
      messages: [{ role: "user", content: "x" }],
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.2,
      top_p: 0.9,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      stop: "END",
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
      reasoning_effort: "high",
      stream: true,
      stream_options: { include_usage: true },
      user: "user-1",
      prompt_cache_key: "cache-1",
    });
    assert.equal(request.maxOutputTokens, 200);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.equal(request.presencePenalty, 0.5);
    assert.equal(request.frequencyPenalty, -0.5);
    assert.equal(request.seed, 7);
    assert.deepEqual(request.stopSequences, ["END"]);
    assert.deepEqual(request.responseFormat, { type: "json-schema", name: "answer", schema: { type: "object" }, strict: true });
    assert.deepEqual(request.reasoning, { effort: "high" });
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, true);
    assert.deepEqual(request.metadata, { userId: "user-1", promptCacheKey: "cache-1" });
    // `user` and `prompt_cache_key` are also kept verbatim for an OpenAI upstream.
    assert.deepEqual(request.providerOptions["openai-chat"], { user: "user-1", prompt_cache_key: "cache-1" });
  });

  it("prefers safety_identifier over user, and reads json_object, stop arrays and max_tokens alone", () => {
    const request = parse({
      messages: [{ role: "user", content: "x" }],
      user: "old",
      safety_identifier: "new",
      stop: ["a", "", "b"],
      max_tokens: 50,
      response_format: { type: "json_object" },
    });
    assert.equal(request.metadata.userId, "new");
    assert.deepEqual(request.stopSequences, ["a", "b"]);
    assert.equal(request.maxOutputTokens, 50);
    assert.deepEqual(request.responseFormat, { type: "json-object" });
  });

  it("keeps OpenAI-only fields and extensions under providerOptions", () => {
    const request = parse({
      messages: [{ role: "user", content: "x" }],
      logit_bias: { "50256": -100 },
      logprobs: true,
      top_logprobs: 2,
      n: 2,
      service_tier: "flex",
      metadata: { run: "1" },
      store: false,
      modalities: ["text"],
      prediction: { type: "content", content: "abc" },
      verbosity: "low",
      web_search_options: {},
      top_k: 40,
    });
    assert.equal(request.topK, 40);
    assert.deepEqual(request.providerOptions["openai-chat"], {
      logit_bias: { "50256": -100 },
      logprobs: true,
      top_logprobs: 2,
      n: 2,
      service_tier: "flex",
      metadata: { run: "1" },
      store: false,
      modalities: ["text"],
      prediction: { type: "content", content: "abc" },
      verbosity: "low",
      web_search_options: {},
      top_k: 40,
    });
  });

  it("maps reasoning_effort max to xhigh and keeps the exact value for OpenAI", () => {
    const request = parse({ messages: [{ role: "user", content: "x" }], reasoning_effort: "max" });
    assert.deepEqual(request.reasoning, { effort: "xhigh" });
    assert.deepEqual(request.providerOptions["openai-chat"], { reasoning_effort: "max" });
    const dialect = parse({ messages: [{ role: "user", content: "x" }], reasoning_effort: "default" });
    assert.equal(dialect.reasoning, undefined);
    assert.deepEqual(dialect.providerOptions["openai-chat"], { reasoning_effort: "default" });
  });

  it("ignores include_usage without streaming and treats null fields as absent", () => {
    const request = parse({ messages: [{ role: "user", content: "x" }], stream_options: { include_usage: true }, temperature: null, stop: null, tools: null });
    assert.equal(request.includeUsage, false);
    assert.equal(request.temperature, undefined);
    assert.equal(request.stopSequences, undefined);
    assert.deepEqual(request.tools, []);
  });

  it("takes the model from the route when the route names one", () => {
    assert.equal(parseChatRequest({ messages: [{ role: "user", content: "x" }] }, { model: "m" }).model, "m");
  });

  it("rejects invalid input, naming the field", () => {
    rejects({ model: undefined, messages: [] }, "model");
    rejects({ messages: "hi" }, "messages");
    rejects({ messages: [] }, "messages");
    rejects({ messages: [{ role: "user", content: "x" }, "oops"] }, "messages[1]");
    rejects({ messages: [{ role: "user", content: "x" }, { role: "robot", content: "x" }, { role: "user" }] }, "messages[1].role", /'robot'/);
    rejects({ messages: [{ role: "user", content: 5 }] }, "messages[0].content");
    rejects({ messages: [{ role: "user", content: [{ type: "video", url: "x" }] }] }, "messages[0].content[0].type");
    rejects({ messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages[0].content[0].text");
    rejects({ messages: [{ role: "user", content: [{ type: "image_url", image_url: {} }] }] }, "messages[0].content[0].image_url.url");
    rejects({ messages: [{ role: "user", content: [{ type: "file", file: { file_id: "file-1" } }] }] }, "messages[0].content[0].file.file_id", /file_data/);
    rejects({ messages: [{ role: "system", content: [{ type: "image_url", image_url: "x" }] }] }, "messages[0].content[0].type");
    rejects({ messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] }, "messages[0].tool_call_id", /does not answer/);
    rejects({ messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id");
    rejects({ messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { arguments: "{}" } }] }] }, "messages[0].tool_calls[0].function.name");
    rejects({ messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "custom", custom: { name: "g", input: "x" } }] }] }, "messages[0].tool_calls[0].type");
    rejects({ messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].name");
    rejects({ messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { description: "no name" } }] }, "tools[0].function.name");
    rejects({ messages: [{ role: "user", content: "x" }], tool_choice: "sometimes" }, "tool_choice");
    rejects({ messages: [{ role: "user", content: "x" }], temperature: "hot" }, "temperature");
    rejects({ messages: [{ role: "user", content: "x" }], max_tokens: 0 }, "max_tokens");
    rejects({ messages: [{ role: "user", content: "x" }], max_completion_tokens: 1.5 }, "max_completion_tokens");
    rejects({ messages: [{ role: "user", content: "x" }], seed: 1.5 }, "seed");
    rejects({ messages: [{ role: "user", content: "x" }], stop: [1] }, "stop");
    rejects({ messages: [{ role: "user", content: "x" }], response_format: { type: "yaml" } }, "response_format.type");
    rejects({ messages: [{ role: "user", content: "x" }], response_format: { type: "json_schema", json_schema: { schema: {} } } }, "response_format.json_schema.name");
    rejects({ messages: [{ role: "user", content: "x" }], reasoning_effort: 3 }, "reasoning_effort");
    rejects({ messages: [{ role: "user", content: "x" }], stream: "yes" }, "stream");
    rejects({ messages: [{ role: "user", content: "x" }], user: 5 }, "user");
  });

  it("uses the tool message's name when the called tool is not in the history", () => {
    const request = parse({ messages: [{ role: "tool", tool_call_id: "c9", name: "weather", content: "ok" }] });
    assert.deepEqual(request.messages[0]!.parts, [{ type: "tool-result", toolCallId: "c9", toolName: "weather", content: [{ type: "text", text: "ok" }] }]);
  });

  it("gives tool calls without an id a stable one", () => {
    const request = parse({ messages: [{ role: "user", content: "x" }, { role: "assistant", tool_calls: [{ function: { name: "f" } }] }] });
    assert.deepEqual(request.messages[1]!.parts, [{ type: "tool-call", id: "call_1_0", name: "f", arguments: "{}" }]);
  });
});
