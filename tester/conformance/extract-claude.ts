// Expected values from a recorded Anthropic Messages answer (folder `claude`).

import { asArray, asRecord, numberOrNull, parseLine, parseToolArguments, recordedLines, sumReported } from "./expected-outcome";
import type { ExpectedOutcome, JsonRecord, NormalFinish, NormalUsage, ToolCallValue } from "./expected-outcome";

const FINISH: Record<string, NormalFinish> = {
  end_turn: "stop",
  stop_sequence: "stop-sequence",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool-calls",
  refusal: "refusal",
  pause_turn: "pause",
};

/** Anthropic's input_tokens leaves out cache reads and writes; normalised input includes them. */
function usageOf(usage: JsonRecord): NormalUsage {
  const cacheRead = numberOrNull(usage.cache_read_input_tokens);
  const cacheWrite = numberOrNull(usage.cache_creation_input_tokens);
  const input = numberOrNull(usage.input_tokens);
  return {
    inputTokens: input === null ? null : sumReported(input, cacheRead, cacheWrite),
    outputTokens: numberOrNull(usage.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: numberOrNull(asRecord(usage.output_tokens_details).thinking_tokens),
  };
}

function finishOf(stopReason: unknown): NormalFinish {
  return typeof stopReason === "string" ? (FINISH[stopReason] ?? "other") : "other";
}

export function extractClaudeFromJson(text: string): ExpectedOutcome {
  const message = asRecord(JSON.parse(text));
  if (message.type === "error") return { kind: "error", status: null, reason: "Anthropic error body" };
  let answer = "";
  let hasReasoning = false;
  const toolCalls: ToolCallValue[] = [];
  for (const block of asArray(message.content).map(asRecord)) {
    if (block.type === "text" && typeof block.text === "string") answer += block.text;
    if (block.type === "thinking" && typeof block.thinking === "string" && block.thinking.length > 0) hasReasoning = true;
    if (block.type === "tool_use") toolCalls.push({ name: String(block.name), arguments: block.input ?? {} });
  }
  return { kind: "answer", text: answer, hasReasoning, toolCalls, finish: finishOf(message.stop_reason), usage: usageOf(asRecord(message.usage)) };
}

export function extractClaudeFromChunks(text: string): ExpectedOutcome {
  let answer = "";
  let reasoning = "";
  const blocks = new Map<number, { type: string; name: string; json: string; input: unknown }>();
  let usage: JsonRecord = {};
  let stopReason: unknown = null;
  let stopped = false;
  for (const line of recordedLines(text)) {
    const event = parseLine(line);
    if (event === null) return { kind: "error", status: null, reason: "malformed event in the recording" };
    const index = numberOrNull(event.index) ?? -1;
    switch (event.type) {
      case "error":
        return { kind: "error", status: null, reason: "error event in the stream" };
      case "message_start":
        usage = { ...asRecord(asRecord(event.message).usage) };
        break;
      case "content_block_start": {
        const block = asRecord(event.content_block);
        blocks.set(index, { type: String(block.type), name: String(block.name ?? ""), json: "", input: block.input });
        if (block.type === "text" && typeof block.text === "string") answer += block.text;
        if (block.type === "thinking" && typeof block.thinking === "string") reasoning += block.thinking;
        break;
      }
      case "content_block_delta": {
        const delta = asRecord(event.delta);
        if (delta.type === "text_delta") answer += String(delta.text ?? "");
        if (delta.type === "thinking_delta") reasoning += String(delta.thinking ?? "");
        if (delta.type === "input_json_delta") {
          const block = blocks.get(index);
          if (block) block.json += String(delta.partial_json ?? "");
        }
        break;
      }
      case "message_delta":
        stopReason = asRecord(event.delta).stop_reason ?? stopReason;
        // The final usage overrides the start's numbers field by field (the delta may repeat input counts).
        for (const [key, value] of Object.entries(asRecord(event.usage))) if (typeof value === "number") usage[key] = value;
        break;
      case "message_stop":
        stopped = true;
        break;
    }
  }
  if (!stopped) return { kind: "error", status: null, reason: "stream ends without message_stop" };
  const toolCalls = [...blocks.entries()]
    .sort(([left], [right]) => left - right)
    .filter(([, block]) => block.type === "tool_use")
    .map(([, block]) => ({ name: block.name, arguments: block.json.trim() === "" ? (block.input ?? {}) : parseToolArguments(block.json) }));
  return { kind: "answer", text: answer, hasReasoning: reasoning.length > 0, toolCalls, finish: finishOf(stopReason), usage: usageOf(usage) };
}
