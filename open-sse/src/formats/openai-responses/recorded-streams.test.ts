import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import type { Response as OpenAiResponse } from "openai/resources/responses/responses";
import type { CanonicalResponse } from "../../core/canonical-response";
import { StreamAggregator } from "../../core/stream-aggregator";
import type { StreamEvent } from "../../core/stream-event";
import { readResponsesSse, responsesStreamProblems } from "./check-responses-stream";
import { formatResponsesResponse } from "./format-response";
import { ResponsesStreamFormatter } from "./format-stream";
import { parseResponsesResponse } from "./parse-response";
import { ResponsesStreamParser } from "./parse-stream";

/**
 * Recorded OpenAI Responses traffic (../shared/fixtures/upstream/openai-responses, read in place), replayed
 * through our parser and formatter with the official `openai` SDK, offline, as the reference reader:
 * - upstream side: the SDK's reading of the raw recorded stream must agree with ours;
 * - client side: the SDK must read the stream we write from our parse as that same answer.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixtures = resolve(repoRoot, "../shared/fixtures/upstream/openai-responses");
const haveFixtures = existsSync(fixtures);

function recordedLines(name: string): string[] {
  return readFileSync(join(fixtures, `${name}.chunks.txt`), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/** Some recordings hold several turns back to back; each `response.created` starts one. */
function turns(lines: string[]): string[][] {
  const result: string[][] = [];
  for (const line of lines) {
    if (line.includes('"type":"response.created"') || result.length === 0) result.push([]);
    result.at(-1)?.push(line);
  }
  return result;
}

function eventName(line: string): string {
  return /"type":"([^"]+)"/.exec(line)?.[1] ?? "message";
}

/** As OpenAI sends it: `event: <type>` + `data: <line>`. */
function asSse(lines: string[]): string {
  return lines.map((line) => `event: ${eventName(line)}\ndata: ${line}\n\n`).join("");
}

function parse(lines: string[]): StreamEvent[] {
  const parser = new ResponsesStreamParser();
  const events = lines.flatMap((line) => parser.push(line, eventName(line)));
  return [...events, ...parser.end()];
}

function aggregate(events: StreamEvent[]): CanonicalResponse {
  const aggregator = new StreamAggregator();
  for (const event of events) aggregator.add(event);
  return aggregator.toResponse();
}

/** The canonical grammar (core/stream-event.ts), checked on everything our parser emits. */
function canonicalProblems(events: StreamEvent[]): string[] {
  const problems: string[] = [];
  if (events[0]?.type !== "message-start") problems.push("does not start with message-start");
  const open = new Set<number>();
  let next = 0;
  let terminal = false;
  for (const event of events) {
    if (terminal && event.type !== "usage") problems.push(`${event.type} after the terminal event`);
    if ((event.type === "text-delta" || event.type === "reasoning-delta") && event.text === "") problems.push("empty delta");
    if (event.type === "tool-call-start") {
      if (event.index !== next++) problems.push(`call index ${event.index} out of order`);
      open.add(event.index);
    }
    if (event.type === "tool-call-delta" && !open.has(event.index)) problems.push(`delta for closed call ${event.index}`);
    if (event.type === "tool-call-end" && !open.delete(event.index)) problems.push(`end for closed call ${event.index}`);
    if (event.type === "finish" || event.type === "error") terminal = true;
  }
  if (!terminal) problems.push("no terminal event");
  if (open.size > 0) problems.push("calls left open");
  return problems;
}

function sdkClient(body: string, contentType: string): OpenAI {
  return new OpenAI({
    apiKey: "test-key",
    baseURL: "http://gateway.invalid/v1",
    maxRetries: 0,
    fetch: async () => new Response(body, { status: 200, headers: { "content-type": contentType } }),
  });
}

/** The SDK's own accumulation of a Responses stream (`responses.stream(...).finalResponse()`). */
async function sdkFinalResponse(sse: string): Promise<OpenAiResponse> {
  return sdkClient(sse, "text/event-stream").responses.stream({ model: "m", input: "x" }).finalResponse();
}

/**
 * Reasoning tokens are compared by count against OpenAI's own reading: OpenAI encrypts each time it writes
 * one, so the `encrypted_content` of a reasoning item's `output_item.done` (which we take, as Codex does)
 * differs byte-wise from the copy in `response.completed` (which the SDK's snapshot ends with). Against our
 * own output they are compared exactly; `omr1.none.` marks reasoning that came without a token.
 */
function withTokenCount(summary: Summary): Summary {
  return { ...summary, signatures: summary.signatures.filter((token) => token !== "omr1.none.").map(() => "token") };
}

function withoutNoneMarker(summary: Summary): Summary {
  return { ...summary, signatures: summary.signatures.filter((token) => token !== "omr1.none.") };
}

interface Summary {
  text: string;
  reasoning: string;
  signatures: string[];
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  usage: { input: number | null; output: number | null; cached: number | null; reasoning: number | null };
}

function summaryOfSdk(response: OpenAiResponse): Summary {
  const summary: Summary = { text: "", reasoning: "", signatures: [], toolCalls: [], usage: { input: null, output: null, cached: null, reasoning: null } };
  const thoughts: string[] = [];
  for (const item of response.output) {
    if (item.type === "message") for (const part of item.content) summary.text += part.type === "output_text" ? part.text : part.refusal;
    if (item.type === "function_call") summary.toolCalls.push({ id: item.call_id, name: item.name, arguments: item.arguments });
    if (item.type === "reasoning") {
      const text = item.summary.map((part) => part.text).filter((text) => text !== "");
      thoughts.push(...(text.length > 0 ? text : (item.content ?? []).map((part) => part.text)));
      if (item.encrypted_content) summary.signatures.push(item.encrypted_content);
    }
  }
  summary.reasoning = thoughts.join("\n\n");
  if (response.usage) {
    summary.usage = {
      input: response.usage.input_tokens,
      output: response.usage.output_tokens,
      cached: response.usage.input_tokens_details?.cached_tokens ?? null,
      reasoning: response.usage.output_tokens_details?.reasoning_tokens ?? null,
    };
  }
  return summary;
}

function summaryOfCanonical(response: CanonicalResponse): Summary {
  const summary: Summary = { text: "", reasoning: "", signatures: [], toolCalls: [], usage: { input: null, output: null, cached: null, reasoning: null } };
  const thoughts: string[] = [];
  for (const part of response.parts) {
    if (part.type === "text") summary.text += part.text;
    if (part.type === "tool-call") summary.toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments });
    if (part.type === "reasoning") {
      if (part.text !== "") thoughts.push(part.text);
      if (part.signature !== undefined) summary.signatures.push(part.signature.value);
    }
  }
  summary.reasoning = thoughts.join("\n\n");
  summary.text += response.refusal ?? "";
  const usage = response.usage;
  summary.usage = { input: usage.inputTokens, output: usage.outputTokens, cached: usage.cacheReadTokens, reasoning: usage.reasoningTokens };
  return summary;
}

/** Our client stream for a canonical event sequence, as a Responses client receives it. */
function formatStream(events: StreamEvent[], requestId: string): string {
  const formatter = new ResponsesStreamFormatter({ model: "omni/model", requestId, createdAt: 1_765_000_000, includeUsage: false });
  return events.map((event) => formatter.format(event)).join("") + formatter.end();
}

/**
 * parallel-tool-call-wrapper.1 was recorded with its first and last events one `}` short (the raw file is
 * not valid JSON there, in the Vercel AI SDK's copy too). The raw file is replayed as is once, to show a
 * truncated event ends the stream as an error; everywhere else it is replayed with the brace restored.
 */
function repairedParallelWrapper(): string[] {
  return recordedLines("parallel-tool-call-wrapper.1").map((line) => {
    try {
      JSON.parse(line);
      return line;
    } catch {
      return `${line}}`;
    }
  });
}

const STREAMS: Array<{ name: string; lines: () => string[] }> = [
  { name: "lmstudio-basic.1", lines: () => recordedLines("lmstudio-basic.1") },
  { name: "lmstudio-tool-call.1", lines: () => recordedLines("lmstudio-tool-call.1") },
  ...[0, 1, 2, 3].map((turn) => ({ name: `openai-reasoning-encrypted-content.1 turn ${turn}`, lines: () => turns(recordedLines("openai-reasoning-encrypted-content.1"))[turn] ?? [] })),
];

describe("recorded Responses streams", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  for (const { name, lines } of STREAMS) {
    it(`${name}: our parse agrees with the SDK's, and the SDK reads our re-emitted stream the same`, async () => {
      const recorded = lines();
      assert.ok(recorded.length > 0);
      const events = parse(recorded);
      assert.deepEqual(canonicalProblems(events), []);
      const canonical = aggregate(events);
      assert.notEqual(canonical.finishReason, "error");

      const upstreamView = summaryOfSdk(await sdkFinalResponse(asSse(recorded)));
      assert.deepEqual(withTokenCount(summaryOfCanonical(canonical)), withTokenCount(upstreamView));

      const ours = formatStream(events, "replay");
      assert.deepEqual(responsesStreamProblems(readResponsesSse(ours)), []);
      const clientView = summaryOfSdk(await sdkFinalResponse(ours));
      assert.deepEqual(withoutNoneMarker(clientView), summaryOfCanonical(canonical));
    });
  }

  it("the recorded turns hold what they should", () => {
    const basic = aggregate(parse(recordedLines("lmstudio-basic.1")));
    assert.ok(basic.parts.some((part) => part.type === "text" && part.text.length > 100));
    assert.equal(basic.finishReason, "stop");
    assert.deepEqual(basic.usage, { inputTokens: 31, outputTokens: 282, cacheReadTokens: 30, cacheWriteTokens: null, reasoningTokens: 0 });
    const tool = aggregate(parse(recordedLines("lmstudio-tool-call.1")));
    assert.deepEqual(tool.parts.map((part) => part.type), ["reasoning", "text", "tool-call"]);
    assert.deepEqual(tool.parts[2], { type: "tool-call", id: "call_2025306790300011", name: "weather", arguments: '{"location":"San Francisco"}' });
    assert.equal(tool.finishReason, "tool-calls");
    const [first] = turns(recordedLines("openai-reasoning-encrypted-content.1"));
    const reasoning = aggregate(parse(first ?? []));
    const thought = reasoning.parts[0];
    assert.equal(thought?.type, "reasoning");
    assert.ok(thought?.type === "reasoning" && thought.signature?.format === "openai-responses" && thought.signature.value.startsWith("gAAAAABpPDIV"));
    assert.deepEqual(reasoning.parts[1], { type: "tool-call", id: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", name: "calculator", arguments: '{"a":12,"b":7,"op":"add"}' });
  });

  it("parallel-tool-call-wrapper.1: unwrapped into the calls it stands for, streamed and whole alike", async () => {
    const raw = parse(recordedLines("parallel-tool-call-wrapper.1"));
    assert.deepEqual(raw, [{ type: "message-start" }, { type: "error", message: "The upstream sent an event that is not valid JSON." }]);

    const events = parse(repairedParallelWrapper());
    assert.deepEqual(canonicalProblems(events), []);
    const streamed = aggregate(events);
    const expected = [
      { type: "tool-call", id: "call_parallel_0", name: "weather", arguments: '{"location":"San Francisco"}' },
      { type: "tool-call", id: "call_parallel_1", name: "cityAttractions", arguments: '{"city":"Rome"}' },
    ];
    assert.deepEqual(streamed.parts, expected);
    assert.equal(streamed.finishReason, "tool-calls");

    // The JSON recording of the same answer reads the same.
    const whole = parseResponsesResponse(JSON.parse(readFileSync(join(fixtures, "parallel-tool-call-wrapper.1.json"), "utf8")));
    assert.deepEqual(whole.parts, expected);
    assert.deepEqual(whole.usage, streamed.usage);
    assert.deepEqual(summaryOfCanonical(whole), summaryOfCanonical(streamed));

    // A Responses client sees two ordinary function calls.
    const clientView = summaryOfSdk(await sdkFinalResponse(formatStream(events, "wrapper")));
    assert.deepEqual(clientView.toolCalls, expected.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })));
    assert.deepEqual(clientView.usage, { input: 34, output: 28, cached: 0, reasoning: 0 });
  });

  it("openai-error.1: the in-band error ends the stream, and a Responses client hears it", async () => {
    const events = parse(recordedLines("openai-error.1"));
    assert.equal(events.at(-1)?.type, "error");
    assert.deepEqual(events.at(-1), { type: "error", message: events.at(-1)?.type === "error" ? (events.at(-1) as { message: string }).message : "", code: "insufficient_quota" });
    assert.match((events.at(-1) as { message: string }).message, /exceeded your current quota/);

    const ours = formatStream(events, "failed");
    const written = readResponsesSse(ours);
    assert.deepEqual(responsesStreamProblems(written), []);
    assert.deepEqual(written.at(-1)?.data.response && (written.at(-1)?.data.response as { error: unknown }).error, {
      code: "insufficient_quota",
      message: (events.at(-1) as { message: string }).message,
    });
    // The SDK raises the error event, as it does for OpenAI's own.
    await assert.rejects(sdkFinalResponse(ours), (error: unknown) => error instanceof OpenAI.APIError && /exceeded your current quota/.test(error.message));
    await assert.rejects(sdkFinalResponse(asSse(recordedLines("openai-error.1"))), (error: unknown) => error instanceof OpenAI.APIError);
  });
});

describe("recorded Responses JSON answers", { skip: !haveFixtures && "shared fixtures not present" }, () => {
  for (const name of ["lmstudio-basic.1", "lmstudio-tool-call.1", "openai-reasoning-encrypted-content.1"]) {
    it(`${name}: our parse agrees with the SDK's, and the SDK reads our JSON answer the same`, async () => {
      const body = readFileSync(join(fixtures, `${name}.json`), "utf8");
      const canonical = parseResponsesResponse(JSON.parse(body));
      const upstreamView = summaryOfSdk(await sdkClient(body, "application/json").responses.create({ model: "m", input: "x" }));
      assert.deepEqual(summaryOfCanonical(canonical), upstreamView);

      const ours = JSON.stringify(formatResponsesResponse(canonical, { model: "omni/model", requestId: "json", createdAt: 1, includeUsage: false }));
      const clientView = await sdkClient(ours, "application/json").responses.create({ model: "m", input: "x" });
      assert.deepEqual(withoutNoneMarker(summaryOfSdk(clientView)), upstreamView);
      assert.equal(clientView.output_text, upstreamView.text);
    });
  }
});
