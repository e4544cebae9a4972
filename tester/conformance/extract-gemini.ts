// Expected values from a recorded Gemini generateContent answer (folder `gemini`).

import { asArray, asRecord, numberOrNull, parseLine, recordedLines, sumReported } from "./expected-outcome";
import type { ExpectedOutcome, JsonRecord, NormalFinish, NormalUsage, ToolCallValue } from "./expected-outcome";

const CONTENT_FILTER = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

/** Gemini's candidatesTokenCount leaves out thoughts; normalised output includes them. */
export function normaliseGeminiUsage(metadata: unknown): NormalUsage {
  const record = asRecord(metadata);
  const candidates = numberOrNull(record.candidatesTokenCount);
  const thoughts = numberOrNull(record.thoughtsTokenCount);
  return {
    inputTokens: numberOrNull(record.promptTokenCount),
    outputTokens: sumReported(candidates, thoughts),
    cacheReadTokens: numberOrNull(record.cachedContentTokenCount),
    cacheWriteTokens: null,
    reasoningTokens: thoughts,
  };
}

/** Gemini says STOP for a turn that ends in function calls too; normalised, that turn ends "to run tools". */
function finishOf(reason: unknown, toolCalls: ToolCallValue[]): NormalFinish {
  if (reason === "STOP") return toolCalls.length > 0 ? "tool-calls" : "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (typeof reason === "string" && CONTENT_FILTER.has(reason)) return "content-filter";
  return "other";
}

interface Accumulated {
  text: string;
  reasoning: string;
  toolCalls: ToolCallValue[];
  finishReason: unknown;
  usage: unknown;
}

function accumulate(state: Accumulated, response: JsonRecord): void {
  const candidate = asRecord(asArray(response.candidates)[0]);
  for (const part of asArray(asRecord(candidate.content).parts).map(asRecord)) {
    if (typeof part.text === "string") {
      if (part.thought === true) state.reasoning += part.text;
      else state.text += part.text;
    }
    if (part.functionCall !== undefined) {
      const call = asRecord(part.functionCall);
      state.toolCalls.push({ name: String(call.name), arguments: call.args ?? {} });
    }
  }
  if (candidate.finishReason !== undefined) state.finishReason = candidate.finishReason;
  if (response.usageMetadata !== undefined) state.usage = response.usageMetadata;
}

function answerOf(state: Accumulated): ExpectedOutcome {
  return {
    kind: "answer",
    text: state.text,
    hasReasoning: state.reasoning.length > 0,
    toolCalls: state.toolCalls,
    finish: finishOf(state.finishReason, state.toolCalls),
    usage: normaliseGeminiUsage(state.usage),
  };
}

export function extractGeminiFromJson(text: string): ExpectedOutcome {
  const response = asRecord(JSON.parse(text));
  if (response.error !== undefined) return { kind: "error", status: numberOrNull(asRecord(response.error).code), reason: "Gemini error body" };
  const state: Accumulated = { text: "", reasoning: "", toolCalls: [], finishReason: undefined, usage: undefined };
  accumulate(state, response);
  return answerOf(state);
}

export function extractGeminiFromChunks(text: string): ExpectedOutcome {
  const state: Accumulated = { text: "", reasoning: "", toolCalls: [], finishReason: undefined, usage: undefined };
  for (const line of recordedLines(text)) {
    const response = parseLine(line);
    if (response === null) return { kind: "error", status: null, reason: "malformed chunk in the recording" };
    if (response.error !== undefined) return { kind: "error", status: numberOrNull(asRecord(response.error).code), reason: "error chunk in the stream" };
    accumulate(state, response);
  }
  if (state.finishReason === undefined) return { kind: "error", status: null, reason: "stream ends without a finishReason" };
  return answerOf(state);
}
