// Expected values from a recorded OpenAI Responses answer (folder `openai-responses`).

import { asArray, asRecord, numberOrNull, parseLine, parseToolArguments, recordedLines } from "./expected-outcome";
import type { ExpectedOutcome, JsonRecord, NormalFinish, NormalUsage, ToolCallValue } from "./expected-outcome";

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

export function normaliseResponsesUsage(usage: unknown): NormalUsage {
  const record = asRecord(usage);
  return {
    inputTokens: numberOrNull(record.input_tokens),
    outputTokens: numberOrNull(record.output_tokens),
    cacheReadTokens: numberOrNull(asRecord(record.input_tokens_details).cached_tokens),
    cacheWriteTokens: null,
    reasoningTokens: numberOrNull(asRecord(record.output_tokens_details).reasoning_tokens),
  };
}

/** A response's status says how it ended; a finished turn that called tools ends "to run tools". */
function finishOf(response: JsonRecord, toolCalls: ToolCallValue[]): NormalFinish | null {
  if (response.status === "completed") return toolCalls.length > 0 ? "tool-calls" : "stop";
  if (response.status === "incomplete") {
    const reason = asRecord(response.incomplete_details).reason;
    return reason === "max_output_tokens" ? "length" : reason === "content_filter" ? "content-filter" : "other";
  }
  return null;
}

/**
 * GPT models sometimes emit OpenAI's internal parallel-call wrapper as a function call named `parallel`
 * (`{"tool_uses":[{"recipient_name":"functions.weather","parameters":{…}}]}`); no client declares such a tool, so
 * what the model asked for is the wrapped calls. Anything not exactly of that shape stays one call.
 */
export function unwrapParallelCall(name: string, args: unknown): ToolCallValue[] | null {
  if (name !== "parallel" && name !== "multi_tool_use.parallel") return null;
  const uses = asArray(asRecord(args).tool_uses);
  if (uses.length === 0) return null;
  const calls: ToolCallValue[] = [];
  for (const use of uses.map(asRecord)) {
    const recipient = use.recipient_name;
    const parameters = use.parameters;
    if (typeof recipient !== "string" || !recipient.startsWith("functions.") || recipient.length === "functions.".length) return null;
    if (parameters === null || typeof parameters !== "object" || Array.isArray(parameters)) return null;
    calls.push({ name: recipient.slice("functions.".length), arguments: parameters });
  }
  return calls;
}

/** Text, reasoning and calls from complete output items, in output order. */
function readItems(items: JsonRecord[]): { text: string; hasReasoning: boolean; toolCalls: ToolCallValue[] } {
  let text = "";
  let hasReasoning = false;
  const toolCalls: ToolCallValue[] = [];
  for (const item of items) {
    if (item.type === "message") {
      for (const part of asArray(item.content).map(asRecord)) if (part.type === "output_text" && typeof part.text === "string") text += part.text;
    }
    if (item.type === "reasoning") {
      const texts = [...asArray(item.summary), ...asArray(item.content)].map(asRecord).map((part) => part.text);
      if (texts.some((value) => typeof value === "string" && value.length > 0)) hasReasoning = true;
    }
    if (item.type === "function_call") {
      const call = { name: String(item.name), arguments: parseToolArguments(item.arguments) };
      toolCalls.push(...(unwrapParallelCall(call.name, call.arguments) ?? [call]));
    }
  }
  return { text, hasReasoning, toolCalls };
}

export function extractOpenAiResponsesFromJson(text: string): ExpectedOutcome {
  const response = asRecord(JSON.parse(text));
  if (response.status === "failed" || (response.error !== null && response.error !== undefined)) {
    return { kind: "error", status: null, reason: "failed response" };
  }
  const items = readItems(asArray(response.output).map(asRecord));
  const finish = finishOf(response, items.toolCalls);
  if (finish === null) return { kind: "error", status: null, reason: `response status ${String(response.status)}` };
  return { kind: "answer", ...items, finish, usage: normaliseResponsesUsage(response.usage) };
}

/**
 * Reads the first response of the recording (a recording of several back-to-back calls holds several; one request
 * gets one). Output items are taken from `response.output_item.done`, falling back to the terminal response's
 * `output` when a recording has no item events.
 */
export function extractOpenAiResponsesFromChunks(text: string): ExpectedOutcome {
  const doneItems = new Map<number, JsonRecord>();
  let terminal: JsonRecord | null = null;
  for (const line of recordedLines(text)) {
    const event = parseLine(line);
    if (event === null) return { kind: "error", status: null, reason: "malformed event in the recording" };
    if (event.type === "error") return { kind: "error", status: null, reason: "error event in the stream" };
    if (event.type === "response.output_item.done") doneItems.set(numberOrNull(event.output_index) ?? doneItems.size, asRecord(event.item));
    if (typeof event.type === "string" && TERMINAL.has(event.type)) {
      terminal = asRecord(event.response);
      break;
    }
  }
  if (terminal === null) return { kind: "error", status: null, reason: "stream ends without a terminal response event" };
  if (terminal.status === "failed") return { kind: "error", status: null, reason: "response.failed" };
  const ordered = [...doneItems.entries()].sort(([left], [right]) => left - right).map(([, item]) => item);
  const items = readItems(ordered.length > 0 ? ordered : asArray(terminal.output).map(asRecord));
  const finish = finishOf(terminal, items.toolCalls);
  if (finish === null) return { kind: "error", status: null, reason: `response status ${String(terminal.status)}` };
  return { kind: "answer", ...items, finish, usage: normaliseResponsesUsage(terminal.usage) };
}
