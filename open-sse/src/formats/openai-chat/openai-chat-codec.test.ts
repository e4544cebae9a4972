import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Stream } from "openai/core/streaming";
import { ChatCompletionStream } from "openai/lib/ChatCompletionStream";
import { GatewayError } from "../../core/gateway-error";
import { StreamAggregator } from "../../core/stream-aggregator";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { streamGrammarProblems } from "./check-stream-grammar";
import { isJsonObject } from "../shared/json-fields";
import { openAiChatCodec } from "./openai-chat-codec";

// Recorded provider traffic lives beside the project (../shared), never copied into it.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixtures = resolve(repoRoot, "../shared/fixtures/upstream/openai-chat");
const haveFixtures = existsSync(fixtures);
const chunkFiles = haveFixtures ? readdirSync(fixtures).filter((name) => name.endsWith(".chunks.txt")) : [];
const jsonFiles = haveFixtures ? readdirSync(fixtures).filter((name) => name.endsWith(".json")) : [];

const context: ResponseContext = { model: "gw/model", requestId: "rec1", createdAt: 1_700_000_000, includeUsage: true };

interface RecordedCall {
  id?: string;
  function: { name: string; arguments: string };
}
interface RecordedCompletion {
  id: string;
  choices: Array<{ message: { content?: string | null; reasoning_content?: string; tool_calls?: RecordedCall[] }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number };
}

function chunkLines(file: string): string[] {
  return readFileSync(join(fixtures, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/** Replays a recording as the provider sends it: each line one `data:` event, then `[DONE]`. */
function replay(file: string): StreamEvent[] {
  const parser = openAiChatCodec.createStreamParser();
  return [...[...chunkLines(file), "[DONE]"].flatMap((line) => parser.push(line)), ...parser.end()];
}

/** What the recorded chunks themselves say, read independently of the parser. */
function recordedTotals(file: string) {
  let text = "";
  let reasoning = "";
  let id = "";
  for (const line of chunkLines(file)) {
    const chunk = JSON.parse(line) as { id?: string; choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null } }> };
    id ||= chunk.id ?? "";
    const delta = chunk.choices?.[0]?.delta;
    text += delta?.content ?? "";
    reasoning += delta?.reasoning_content ?? "";
  }
  return { id, text, reasoning };
}

async function sdkFinalCompletion(sse: string) {
  const stream = Stream.fromSSEResponse(new Response(sse), new AbortController());
  return ChatCompletionStream.fromReadableStream(stream.toReadableStream()).finalChatCompletion();
}

describe("openAiChatCodec", () => {
  it("describes the format", () => {
    assert.equal(openAiChatCodec.format, "openai-chat");
    assert.equal(openAiChatCodec.upstream, true);
    assert.equal(openAiChatCodec.usageMarker, '"usage"');
    assert.equal(openAiChatCodec.streamContentType, "text/event-stream; charset=utf-8");
  });

  it("formats errors in OpenAI's shape", () => {
    const error = new GatewayError({ code: "upstream_rate_limited", status: 429, publicMessage: "Slow down." });
    assert.deepEqual(JSON.parse(openAiChatCodec.formatError(error)), { error: { message: "Slow down.", type: "rate_limit_error", param: null, code: "upstream_rate_limited" } });
    assert.match(openAiChatCodec.formatStreamError(error), /^data: \{"error":\{"message":"Slow down\."/);
  });

  it("round-trips a request through its own parser and formatter", () => {
    const body = {
      model: "gpt-4.1",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather?" },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "c1", content: "18C" },
      ],
      tools: [{ type: "function", function: { name: "weather", parameters: { type: "object" } } }],
      tool_choice: "auto",
      max_completion_tokens: 64,
      temperature: 0.5,
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
    };
    const formatted = openAiChatCodec.formatRequest(openAiChatCodec.parseRequest(body, {}), { model: "gpt-4.1" });
    assert.deepEqual(formatted, { ...body, tools: [{ type: "function", function: { name: "weather", parameters: { type: "object" } } }] });
  });
});

describe("openAiChatCodec (recorded streams)", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  for (const file of chunkFiles) {
    it(`${file}: parses into a well-formed canonical stream`, () => {
      const events = replay(file);
      assert.deepEqual(streamGrammarProblems(events), []);
      assert.equal(events.filter((event) => event.type === "finish").length, 1);

      const recorded = recordedTotals(file);
      const text = events.map((event) => (event.type === "text-delta" ? event.text : "")).join("");
      const reasoning = events.map((event) => (event.type === "reasoning-delta" ? event.text : "")).join("");
      assert.equal(text, recorded.text);
      assert.equal(reasoning, recorded.reasoning);
      assert.ok(events.some((event) => event.type === "usage"), "usage reported");

      // A recorded JSON answer of the same call (same id) must read the same as the stream.
      const twin = jsonFiles.map((name) => JSON.parse(readFileSync(join(fixtures, name), "utf8")) as RecordedCompletion).find((body) => body.id === recorded.id);
      if (twin !== undefined) {
        const aggregator = new StreamAggregator();
        for (const event of events) aggregator.add(event);
        assert.deepEqual(aggregator.toResponse().parts, openAiChatCodec.parseResponse(twin).parts);
        assert.equal(text, twin.choices[0]!.message.content ?? "");
      }
    });

    it(`${file}: re-formatted for an OpenAI client, the official SDK reads the same answer`, async () => {
      const events = replay(file);
      const formatter = openAiChatCodec.createStreamFormatter(context);
      const sse = events.map((event) => formatter.format(event)).join("") + formatter.end();
      assert.ok(sse.endsWith("data: [DONE]\n\n"));
      const final = await sdkFinalCompletion(sse);
      // The SDK's accumulator keeps only the last `reasoning_content` delta (not an OpenAI field), so the
      // reasoning is checked on the canonical stream above, the content and calls here.
      const message = final.choices[0]!.message;
      const recorded = recordedTotals(file);
      assert.equal(message.content ?? "", recorded.text);
      const starts = events.filter((event): event is Extract<StreamEvent, { type: "tool-call-start" }> => event.type === "tool-call-start");
      assert.deepEqual(
        (message.tool_calls ?? []).map((call) => (call.type === "function" ? call.function.name : "")),
        starts.map((start) => start.name),
      );
      assert.equal(final.id, "chatcmpl-rec1");
      assert.equal(final.model, "gw/model");
      const usage = events.filter((event) => event.type === "usage").at(-1);
      assert.equal(final.usage?.prompt_tokens, usage?.type === "usage" ? usage.usage.inputTokens : undefined);
    });
  }

  it("has recordings whose JSON twin is compared (same response id)", () => {
    const jsonIds = new Set(jsonFiles.map((name) => (JSON.parse(readFileSync(join(fixtures, name), "utf8")) as RecordedCompletion).id));
    assert.ok(chunkFiles.some((file) => jsonIds.has(recordedTotals(file).id)));
  });

  for (const file of jsonFiles) {
    it(`${file}: parses the recorded JSON answer`, () => {
      const body = JSON.parse(readFileSync(join(fixtures, file), "utf8")) as RecordedCompletion;
      const response = openAiChatCodec.parseResponse(body);
      const message = body.choices[0]!.message;
      const text = response.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
      const reasoning = response.parts.map((part) => (part.type === "reasoning" ? part.text : "")).join("");
      assert.equal(text, message.content ?? "");
      assert.equal(reasoning, message.reasoning_content ?? "");
      assert.deepEqual(
        response.parts.flatMap((part) => (part.type === "tool-call" ? [{ id: part.id, name: part.name, arguments: part.arguments }] : [])),
        (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
      );
      assert.equal(response.finishReason, body.choices[0]!.finish_reason === "tool_calls" ? "tool-calls" : "stop");
      assert.equal(response.usage.inputTokens, body.usage.prompt_tokens);

      const formatted = openAiChatCodec.formatResponse(response, context);
      assert.ok(isJsonObject(formatted));
      const formattedMessage = (formatted.choices as Array<{ message: { content: string | null } }>)[0]!.message;
      assert.equal(formattedMessage.content ?? "", text);
    });
  }
});
