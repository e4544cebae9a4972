// What a recording says the model answered: its visible text and its tool calls, read straight from the
// recorded provider bytes (independently of the gateway's codecs), so a client's printed answer can be compared
// with what the mock served.

import { readFileSync } from "node:fs";
import path from "node:path";

import { DEFAULT_FIXTURES_ROOT } from "../mock-upstream/wire-replay-server";
import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";

export interface RecordedToolCall {
  name: string;
  arguments: unknown;
}

export interface RecordedAnswer {
  /** Visible answer text (reasoning excluded). */
  text: string;
  toolCalls: RecordedToolCall[];
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parseArguments(text: string): unknown {
  if (text.trim() === "") return {};
  return JSON.parse(text) as unknown;
}

function streamLines(text: string): Json[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => record(JSON.parse(line)));
}

function fromClaude(text: string, streamed: boolean): RecordedAnswer {
  if (!streamed) {
    const content = list(record(JSON.parse(text)).content).map(record);
    return {
      text: content.filter((block) => block.type === "text").map((block) => String(block.text)).join(""),
      toolCalls: content.filter((block) => block.type === "tool_use").map((block) => ({ name: String(block.name), arguments: block.input })),
    };
  }
  let answer = "";
  const tools = new Map<number, { name: string; json: string }>();
  for (const event of streamLines(text)) {
    const index = Number(event.index);
    const block = record(event.content_block);
    if (event.type === "content_block_start" && block.type === "tool_use") tools.set(index, { name: String(block.name), json: "" });
    const delta = record(event.delta);
    if (event.type === "content_block_delta" && delta.type === "text_delta") answer += String(delta.text);
    if (event.type === "content_block_delta" && delta.type === "input_json_delta") tools.get(index)!.json += String(delta.partial_json);
  }
  return { text: answer, toolCalls: [...tools.values()].map((tool) => ({ name: tool.name, arguments: parseArguments(tool.json) })) };
}

function fromOpenAiChat(text: string, streamed: boolean): RecordedAnswer {
  if (!streamed) {
    const message = record(record(list(record(JSON.parse(text)).choices)[0]).message);
    return {
      text: typeof message.content === "string" ? message.content : "",
      toolCalls: list(message.tool_calls).map(record).map((call) => ({ name: String(record(call.function).name), arguments: parseArguments(String(record(call.function).arguments)) })),
    };
  }
  let answer = "";
  const tools = new Map<number, { name: string; json: string }>();
  for (const chunk of streamLines(text)) {
    const delta = record(record(list(chunk.choices)[0]).delta);
    if (typeof delta.content === "string") answer += delta.content;
    for (const call of list(delta.tool_calls).map(record)) {
      const index = Number(call.index ?? 0);
      const fn = record(call.function);
      const entry = tools.get(index) ?? { name: "", json: "" };
      if (typeof fn.name === "string") entry.name += fn.name;
      if (typeof fn.arguments === "string") entry.json += fn.arguments;
      tools.set(index, entry);
    }
  }
  return { text: answer, toolCalls: [...tools.values()].map((tool) => ({ name: tool.name, arguments: parseArguments(tool.json) })) };
}

function fromResponsesOutput(output: unknown[]): RecordedAnswer {
  let answer = "";
  const toolCalls: RecordedToolCall[] = [];
  for (const item of output.map(record)) {
    if (item.type === "message") for (const part of list(item.content).map(record)) if (part.type === "output_text") answer += String(part.text);
    if (item.type === "function_call") toolCalls.push({ name: String(item.name), arguments: parseArguments(String(item.arguments)) });
  }
  return { text: answer, toolCalls };
}

function fromOpenAiResponses(text: string, streamed: boolean): RecordedAnswer {
  if (!streamed) return fromResponsesOutput(list(record(JSON.parse(text)).output));
  // The first complete response of the recording (a recording may hold several): its final output.
  for (const event of streamLines(text)) {
    if (event.type === "response.completed") return fromResponsesOutput(list(record(event.response).output));
  }
  return { text: "", toolCalls: [] };
}

function fromGemini(text: string, streamed: boolean): RecordedAnswer {
  const chunks = streamed ? streamLines(text) : [record(JSON.parse(text))];
  let answer = "";
  const toolCalls: RecordedToolCall[] = [];
  for (const chunk of chunks) {
    for (const part of list(record(record(list(chunk.candidates)[0]).content).parts).map(record)) {
      if (typeof part.text === "string" && part.thought !== true) answer += part.text;
      const call = record(part.functionCall);
      if (typeof call.name === "string") toolCalls.push({ name: call.name, arguments: call.args ?? {} });
    }
  }
  return { text: answer, toolCalls };
}

const READERS: Record<UpstreamProtocol, (text: string, streamed: boolean) => RecordedAnswer> = {
  claude: fromClaude,
  "openai-chat": fromOpenAiChat,
  "openai-responses": fromOpenAiResponses,
  gemini: fromGemini,
};

/** The answer a recording holds in its streamed (`.chunks.txt`) or JSON form. */
export function recordedAnswer(protocol: UpstreamProtocol, fixture: string, streamed: boolean, root = DEFAULT_FIXTURES_ROOT): RecordedAnswer {
  const file = path.join(root, protocol, `${fixture}${streamed ? ".chunks.txt" : ".json"}`);
  return READERS[protocol](readFileSync(file, "utf8"), streamed);
}
