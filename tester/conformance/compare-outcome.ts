// Compares what a client got with what the recording says, field by field, in the client's own vocabulary.
// Fields a client format cannot carry are not compared; they are listed in documented-limitations.ts.

import { isDeepStrictEqual } from "node:util";

import type { ClientFormat, ObservedOutcome } from "./client-outcome";
import type { ExpectedOutcome, NormalFinish, NormalUsage } from "./expected-outcome";

export type CheckedField = "outcome" | "status" | "upstream" | "upstream-request" | "text" | "reasoning" | "tool-calls" | "finish" | `usage.${keyof NormalUsage}`;

export interface Mismatch {
  field: CheckedField;
  expected: unknown;
  actual: unknown;
}

const FINISH_VOCABULARY: Record<ClientFormat, Record<NormalFinish, string>> = {
  "openai-chat": {
    stop: "stop",
    "stop-sequence": "stop",
    length: "length",
    "tool-calls": "tool_calls",
    "content-filter": "content_filter",
    refusal: "stop",
    pause: "stop",
    other: "stop",
  },
  // Responses has no finish reason: a whole turn is `completed` (with or without function calls), a cut one `incomplete`.
  "openai-responses": {
    stop: "completed",
    "stop-sequence": "completed",
    length: "incomplete:max_output_tokens",
    "tool-calls": "completed",
    "content-filter": "incomplete:content_filter",
    refusal: "completed",
    pause: "completed",
    other: "completed",
  },
  anthropic: {
    stop: "end_turn",
    "stop-sequence": "stop_sequence",
    length: "max_tokens",
    "tool-calls": "tool_use",
    "content-filter": "refusal",
    refusal: "refusal",
    pause: "pause_turn",
    other: "end_turn",
  },
  // Gemini ends a turn with function calls with STOP.
  gemini: {
    stop: "STOP",
    "stop-sequence": "STOP",
    length: "MAX_TOKENS",
    "tool-calls": "STOP",
    "content-filter": "SAFETY",
    refusal: "SAFETY",
    pause: "STOP",
    other: "OTHER",
  },
  // Ollama's done_reason knows `stop` and `length` only; a turn with tool calls is `stop`.
  ollama: {
    stop: "stop",
    "stop-sequence": "stop",
    length: "length",
    "tool-calls": "stop",
    "content-filter": "stop",
    refusal: "stop",
    pause: "stop",
    other: "stop",
  },
};

export function finishInClientVocabulary(client: ClientFormat, finish: NormalFinish): string {
  return FINISH_VOCABULARY[client][finish];
}

/**
 * How each usage field is compared per client format: `required` = must equal the recording (a missing subset
 * count equals 0), `if-sent` = compared only when the client's answer carries it, `absent` = the format has no field.
 */
type UsageRule = "required" | "if-sent" | "absent";
const USAGE_RULES: Record<ClientFormat, Record<keyof NormalUsage, UsageRule>> = {
  "openai-chat": { inputTokens: "required", outputTokens: "required", cacheReadTokens: "required", cacheWriteTokens: "absent", reasoningTokens: "required" },
  "openai-responses": { inputTokens: "required", outputTokens: "required", cacheReadTokens: "required", cacheWriteTokens: "absent", reasoningTokens: "required" },
  anthropic: { inputTokens: "required", outputTokens: "required", cacheReadTokens: "required", cacheWriteTokens: "required", reasoningTokens: "if-sent" },
  gemini: { inputTokens: "required", outputTokens: "required", cacheReadTokens: "required", cacheWriteTokens: "absent", reasoningTokens: "required" },
  // Ollama reports prompt_eval_count and eval_count only.
  ollama: { inputTokens: "required", outputTokens: "required", cacheReadTokens: "absent", cacheWriteTokens: "absent", reasoningTokens: "absent" },
};

/** Whether the client format has a place for readable reasoning text. */
export const CARRIES_REASONING_TEXT: Record<ClientFormat, boolean> = { "openai-chat": false, "openai-responses": true, anthropic: true, gemini: true, ollama: true };

const TOTALS: ReadonlySet<keyof NormalUsage> = new Set(["inputTokens", "outputTokens"]);

function compareUsage(client: ClientFormat, expected: NormalUsage, actual: NormalUsage): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const key of Object.keys(USAGE_RULES[client]) as Array<keyof NormalUsage>) {
    const rule = USAGE_RULES[client][key];
    if (rule === "absent" || (expected[key] === null && TOTALS.has(key))) continue;
    if (rule === "if-sent" && actual[key] === null) continue;
    // Totals must match exactly; a subset the upstream did not report may be sent as 0 (and vice versa).
    const same = TOTALS.has(key) ? expected[key] === actual[key] : (expected[key] ?? 0) === (actual[key] ?? 0);
    if (!same) mismatches.push({ field: `usage.${key}`, expected: expected[key], actual: actual[key] });
  }
  return mismatches;
}

export function compareOutcome(client: ClientFormat, expected: ExpectedOutcome, observed: ObservedOutcome): Mismatch[] {
  if (expected.kind === "error") {
    if (observed.kind !== "error") return [{ field: "outcome", expected: `an error (${expected.reason})`, actual: "an answer" }];
    if (expected.status !== null && observed.status !== null && observed.status !== expected.status) {
      return [{ field: "status", expected: expected.status, actual: observed.status }];
    }
    return [];
  }
  if (observed.kind === "error") return [{ field: "outcome", expected: "an answer", actual: `error ${observed.status ?? "in stream"}: ${observed.message}` }];
  const mismatches: Mismatch[] = [];
  if (observed.text !== expected.text) mismatches.push({ field: "text", expected: expected.text, actual: observed.text });
  if (CARRIES_REASONING_TEXT[client] && expected.hasReasoning !== observed.reasoningText.length > 0) {
    mismatches.push({ field: "reasoning", expected: expected.hasReasoning ? "reasoning text" : "no reasoning text", actual: observed.reasoningText.length > 0 ? "reasoning text" : "none" });
  }
  if (!isDeepStrictEqual(observed.toolCalls, expected.toolCalls)) mismatches.push({ field: "tool-calls", expected: expected.toolCalls, actual: observed.toolCalls });
  const finish = finishInClientVocabulary(client, expected.finish);
  if (observed.finish !== finish) mismatches.push({ field: "finish", expected: finish, actual: observed.finish });
  mismatches.push(...compareUsage(client, expected.usage, observed.usage));
  return mismatches;
}
