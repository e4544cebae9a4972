import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError } from "../../core/gateway-error";
import { parseOllamaRequest } from "./parse-request";

function parse(body: Record<string, unknown>) {
  return parseOllamaRequest({ model: "llama3.2", ...body }, {});
}

function rejects(body: Record<string, unknown>, param: string): void {
  assert.throws(
    () => parse(body),
    (error: unknown) => GatewayError.isInstance(error) && error.status === 400 && error.param === param,
  );
}

const PNG = "iVBORw0KGgoAAAANSUhEUg";
const JPEG = "/9j/4AAQSkZJRg";

describe("parseOllamaRequest", () => {
  it("streams by default, as Ollama does", () => {
    const request = parse({ messages: [{ role: "user", content: "why is the sky blue?" }] });
    assert.equal(request.stream, true);
    assert.equal(request.includeUsage, false);
    assert.deepEqual(request.messages, [{ role: "user", parts: [{ type: "text", text: "why is the sky blue?" }] }]);
    assert.equal(parse({ messages: [{ role: "user", content: "x" }], stream: false }).stream, false);
  });

  it("reads system, images, thinking, tool calls with object arguments and tool results", () => {
    const request = parse({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "USER", content: "What is this? And the weather?", images: [PNG, JPEG, "data:image/webp;base64,UklGR"] },
        {
          role: "assistant",
          content: "",
          thinking: "Two tools.",
          tool_calls: [
            { function: { name: "get_weather", arguments: { city: "Toronto" } } },
            { id: "call_x", function: { index: 1, name: "clock", arguments: {} } },
          ],
        },
        { role: "tool", content: "11 degrees celsius", tool_name: "get_weather" },
        { role: "tool", content: "noon", tool_call_id: "call_x" },
      ],
    });
    assert.deepEqual(request.system, [{ type: "text", text: "Be brief." }]);
    assert.deepEqual(request.messages, [
      {
        role: "user",
        parts: [
          { type: "text", text: "What is this? And the weather?" },
          { type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG } },
          { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: JPEG } },
          { type: "image", source: { kind: "base64", mediaType: "image/webp", data: "UklGR" } },
        ],
      },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", text: "Two tools." },
          { type: "tool-call", id: "call_2_0", name: "get_weather", arguments: '{"city":"Toronto"}' },
          { type: "tool-call", id: "call_x", name: "clock", arguments: "{}" },
        ],
      },
      {
        role: "user",
        parts: [
          { type: "tool-result", toolCallId: "call_2_0", toolName: "get_weather", content: [{ type: "text", text: "11 degrees celsius" }] },
          { type: "tool-result", toolCallId: "call_x", toolName: "clock", content: [{ type: "text", text: "noon" }] },
        ],
      },
    ]);
  });

  it("answers the oldest unanswered call when a tool message names nothing", () => {
    const request = parse({
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", tool_calls: [{ function: { name: "a", arguments: {} } }, { function: { name: "b", arguments: "{\"k\":1}" } }] },
        { role: "tool", content: "first" },
        { role: "tool", content: "second" },
      ],
    });
    assert.deepEqual(
      request.messages[2]!.parts.map((part) => (part.type === "tool-result" ? [part.toolCallId, part.toolName] : [])),
      [
        ["call_1_0", "a"],
        ["call_1_1", "b"],
      ],
    );
    assert.deepEqual(request.messages[1]!.parts[1], { type: "tool-call", id: "call_1_1", name: "b", arguments: '{"k":1}' });
  });

  it("reads tools, format, options and think", () => {
    const request = parse({
      messages: [{ role: "user", content: "x" }],
      tools: [{ type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }],
      format: { type: "object", properties: { age: { type: "integer" } } },
      options: { temperature: 0, top_p: 0.9, top_k: 40, num_predict: 128, stop: ["\n\n"], seed: 101, presence_penalty: 0.5, frequency_penalty: 0.2, num_ctx: 8192 },
      think: "high",
      keep_alive: "5m",
    });
    assert.deepEqual(request.tools, [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } }, description: "Weather" }]);
    assert.deepEqual(request.responseFormat, { type: "json-schema", name: "response", schema: { type: "object", properties: { age: { type: "integer" } } } });
    assert.equal(request.temperature, 0);
    assert.equal(request.topP, 0.9);
    assert.equal(request.topK, 40);
    assert.equal(request.maxOutputTokens, 128);
    assert.deepEqual(request.stopSequences, ["\n\n"]);
    assert.equal(request.seed, 101);
    assert.equal(request.presencePenalty, 0.5);
    assert.equal(request.frequencyPenalty, 0.2);
    assert.deepEqual(request.reasoning, { mode: "enabled", effort: "high", includeThoughts: true });
    assert.deepEqual(request.providerOptions, {});
  });

  it("maps the other think values, json format and unlimited num_predict", () => {
    assert.deepEqual(parse({ messages: [{ role: "user", content: "x" }], think: true }).reasoning, { mode: "enabled", includeThoughts: true });
    assert.deepEqual(parse({ messages: [{ role: "user", content: "x" }], think: false }).reasoning, { mode: "disabled" });
    assert.deepEqual(parse({ messages: [{ role: "user", content: "x" }], think: "max" }).reasoning, { mode: "enabled", effort: "xhigh", includeThoughts: true });
    assert.deepEqual(parse({ messages: [{ role: "user", content: "x" }], format: "json" }).responseFormat, { type: "json-object" });
    assert.equal(parse({ messages: [{ role: "user", content: "x" }], options: { num_predict: -1 } }).maxOutputTokens, undefined);
  });

  it("rejects invalid input, naming the field", () => {
    rejects({ model: "", messages: [] }, "model");
    rejects({ messages: {} }, "messages");
    rejects({ messages: [] }, "messages");
    rejects({ messages: [{ role: "narrator", content: "x" }] }, "messages[0].role");
    rejects({ messages: [{ role: "user", content: ["x"] }] }, "messages[0].content");
    rejects({ messages: [{ role: "user", content: "x", images: [1] }] }, "messages[0].images[0]");
    rejects({ messages: [{ role: "assistant", tool_calls: [{ function: { arguments: {} } }] }] }, "messages[0].tool_calls[0].function.name");
    rejects({ messages: [{ role: "assistant", tool_calls: [{ function: { name: "f", arguments: 3 } }] }] }, "messages[0].tool_calls[0].function.arguments");
    rejects({ messages: [{ role: "tool", content: "orphan" }] }, "messages[0]");
    rejects({ messages: [{ role: "user", content: "x" }], tools: [{ type: "function" }] }, "tools[0].function");
    rejects({ messages: [{ role: "user", content: "x" }], format: "yaml" }, "format");
    rejects({ messages: [{ role: "user", content: "x" }], options: { temperature: "hot" } }, "options.temperature");
    rejects({ messages: [{ role: "user", content: "x" }], options: { stop: [1] } }, "options.stop");
    rejects({ messages: [{ role: "user", content: "x" }], think: "very" }, "think");
    rejects({ messages: [{ role: "user", content: "x" }], stream: "no" }, "stream");
  });
});
