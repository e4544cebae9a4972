import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { responseToEvents, StreamAggregator } from "../../core/stream-aggregator";
import type { StreamEvent } from "../../core/stream-event";
import type { ResponseContext } from "../wire-codec";
import { checkAnthropicStream, readSseText } from "./check-anthropic-stream";
import { formatAnthropicResponse } from "./format-response";
import { AnthropicStreamFormatter } from "./format-stream";
import { parseAnthropicResponse } from "./parse-response";
import { AnthropicStreamParser } from "./parse-stream";
import { sdkFinalMessage } from "./sdk-final-message";

// Recorded Claude traffic lives beside the project (../shared), never copied into it.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixtures = resolve(repoRoot, "../shared/fixtures/upstream/claude");
const haveFixtures = existsSync(fixtures);
const chunkFiles = haveFixtures ? readdirSync(fixtures).filter((name) => name.endsWith(".chunks.txt")) : [];
const jsonFiles = haveFixtures ? readdirSync(fixtures).filter((name) => name.endsWith(".json")) : [];

const context: ResponseContext = { model: "claude-test", requestId: "rec1", createdAt: 0, includeUsage: false };

/** The parts of Anthropic's wire shapes these checks read (recorded JSON, trusted as Anthropic's). */
interface RecordedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  output_tokens_details?: { thinking_tokens?: number };
}
interface RecordedBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  id?: string;
  name?: string;
  input?: unknown;
  json?: string;
}
interface RecordedEvent {
  type: string;
  index?: number;
  message?: { usage: RecordedUsage };
  content_block?: RecordedBlock;
  delta?: { type?: string; text?: string; thinking?: string; signature?: string; partial_json?: string; stop_reason?: string };
  usage?: RecordedUsage;
}
interface RecordedMessage {
  content: RecordedBlock[];
  stop_reason: string;
  usage: RecordedUsage;
}

function recordedEvents(name: string): RecordedEvent[] {
  return readFileSync(join(fixtures, name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedEvent);
}

/** A recorded block as an Anthropic client sees it (the fields the SDK's message keeps). */
function clientBlock(block: RecordedBlock): Record<string, unknown> {
  if (block.type === "text") return { type: "text", text: block.text };
  if (block.type === "thinking") return { type: "thinking", thinking: block.thinking, signature: block.signature };
  return { type: "tool_use", id: block.id, name: block.name, input: block.input };
}

/** What the recording says, assembled naively from its raw events: the independent expectation. */
function expectedFromRecording(events: RecordedEvent[]) {
  const blocks = new Map<number, RecordedBlock>();
  let usage: RecordedUsage = { input_tokens: 0, output_tokens: 0 };
  let stopReason: string | undefined;
  for (const event of events) {
    if (event.type === "message_start" && event.message !== undefined) usage = { ...event.message.usage };
    if (event.type === "content_block_start" && event.content_block !== undefined) blocks.set(event.index ?? -1, { ...event.content_block, json: "" });
    const block = blocks.get(event.index ?? -1);
    const delta = event.delta;
    if (event.type === "content_block_delta" && block !== undefined && delta !== undefined) {
      if (delta.type === "text_delta") block.text = `${block.text ?? ""}${delta.text ?? ""}`;
      if (delta.type === "thinking_delta") block.thinking = `${block.thinking ?? ""}${delta.thinking ?? ""}`;
      if (delta.type === "signature_delta") block.signature = `${block.signature ?? ""}${delta.signature ?? ""}`;
      if (delta.type === "input_json_delta") block.json = `${block.json ?? ""}${delta.partial_json ?? ""}`;
    }
    if (event.type === "message_delta") {
      usage = { ...usage, ...event.usage };
      stopReason = delta?.stop_reason;
    }
  }
  const content = [...blocks.values()].map((block) =>
    clientBlock(block.type === "tool_use" ? { ...block, input: JSON.parse(block.json === "" || block.json === undefined ? "{}" : block.json) as unknown } : block),
  );
  return { content, stopReason, usage };
}

function parseRecording(events: RecordedEvent[]): StreamEvent[] {
  const parser = new AnthropicStreamParser();
  return [...events.flatMap((event) => parser.push(JSON.stringify(event), event.type)), ...parser.end()];
}

function formatStream(events: StreamEvent[]): string {
  const formatter = new AnthropicStreamFormatter(context);
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

describe("recorded Claude streams: parse-stream → format-stream", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  it("finds the recordings", () => assert.ok(chunkFiles.length >= 3, `found ${chunkFiles.length}`));

  for (const name of chunkFiles) {
    it(`${name}: the canonical stream says what the recording says`, () => {
      const recorded = recordedEvents(name);
      const expected = expectedFromRecording(recorded);
      const events = parseRecording(recorded);
      assert.equal(events.some((event) => event.type === "error"), false);
      const aggregator = new StreamAggregator();
      for (const event of events) aggregator.add(event);
      const response = aggregator.toResponse();
      // Our own Anthropic rendering of the canonical answer is the recording's content, signatures untouched.
      assert.deepEqual(formatAnthropicResponse(response, context).content, expected.content);
      assert.equal(formatAnthropicResponse(response, context).stop_reason, expected.stopReason);
      const cached = (expected.usage.cache_read_input_tokens ?? 0) + (expected.usage.cache_creation_input_tokens ?? 0);
      assert.equal(response.usage.inputTokens, expected.usage.input_tokens + cached);
      assert.equal(response.usage.outputTokens, expected.usage.output_tokens);
    });

    it(`${name}: agrees in kind with the non-streaming recording of the same call shape`, () => {
      // The .json beside each .chunks.txt is a separate recording (different id and wording), so parts are
      // compared by kind, tool name and finish reason, not by text.
      const jsonName = name.replace(".chunks.txt", ".json");
      if (!jsonFiles.includes(jsonName)) return;
      const fromJson = parseAnthropicResponse(JSON.parse(readFileSync(join(fixtures, jsonName), "utf8")));
      const aggregator = new StreamAggregator();
      for (const event of parseRecording(recordedEvents(name))) aggregator.add(event);
      const fromStream = aggregator.toResponse();
      const shape = (parts: typeof fromStream.parts) => parts.map((part) => (part.type === "tool-call" ? `tool-call:${part.name}` : part.type === "reasoning" ? `reasoning:${part.signature?.format}` : part.type));
      assert.deepEqual(shape(fromStream.parts), shape(fromJson.parts));
      assert.equal(fromStream.finishReason, fromJson.finishReason);
      for (const usage of [fromStream.usage, fromJson.usage]) {
        assert.ok(usage.inputTokens !== null && usage.outputTokens !== null && usage.cacheReadTokens !== null && usage.cacheWriteTokens !== null);
      }
    });

    it(`${name}: the Anthropic SDK accepts our re-formatted stream and assembles the recording's message`, async () => {
      const recorded = recordedEvents(name);
      const expected = expectedFromRecording(recorded);
      const text = formatStream(parseRecording(recorded));
      assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
      const message = await sdkFinalMessage(text);
      assert.deepEqual(message.content, expected.content);
      assert.equal(message.stop_reason, expected.stopReason);
      assert.equal(message.usage.input_tokens, expected.usage.input_tokens);
      assert.equal(message.usage.output_tokens, expected.usage.output_tokens);
      assert.equal(message.id, "msg_rec1");
    });
  }

  for (const name of jsonFiles) {
    it(`${name}: a whole message survives parse-response → format-response and a one-shot stream`, async () => {
      const recorded = JSON.parse(readFileSync(join(fixtures, name), "utf8")) as RecordedMessage;
      const expectedContent = recorded.content.map(clientBlock);
      const response = parseAnthropicResponse(recorded);
      const body = formatAnthropicResponse(response, context);
      assert.deepEqual(body.content, expectedContent);
      assert.equal(body.stop_reason, recorded.stop_reason);
      assert.deepEqual(body.usage, {
        input_tokens: recorded.usage.input_tokens,
        output_tokens: recorded.usage.output_tokens,
        cache_read_input_tokens: recorded.usage.cache_read_input_tokens,
        cache_creation_input_tokens: recorded.usage.cache_creation_input_tokens,
      });
      if (recorded.usage.output_tokens_details?.thinking_tokens !== undefined) {
        assert.equal(response.usage.reasoningTokens, recorded.usage.output_tokens_details.thinking_tokens);
      }
      const text = formatStream(responseToEvents(response));
      assert.deepEqual(checkAnthropicStream(readSseText(text)), []);
      assert.deepEqual((await sdkFinalMessage(text)).content, expectedContent);
    });
  }
});
