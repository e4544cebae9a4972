// What a recorded upstream answer says, in one vocabulary every client format is compared against.
// Read straight from the recording by the extractors in this folder — never through the engine's codecs, so the
// comparison is an independent check of the translation.

/** Why the model stopped, normalised across providers. */
export type NormalFinish = "stop" | "stop-sequence" | "length" | "tool-calls" | "content-filter" | "refusal" | "pause" | "other";

/**
 * Token usage, normalised: `inputTokens` counts every prompt token including cache reads and writes (Anthropic's
 * `input_tokens` excludes them), `outputTokens` every generated token including reasoning (Gemini's
 * `candidatesTokenCount` excludes thoughts). Null = the provider did not report it.
 */
export interface NormalUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
}

export interface ToolCallValue {
  name: string;
  /** The parsed JSON arguments (the raw string when it is not JSON). */
  arguments: unknown;
}

export interface ExpectedAnswer {
  kind: "answer";
  text: string;
  /** Whether readable reasoning text (not only an opaque signature) is present. */
  hasReasoning: boolean;
  toolCalls: ToolCallValue[];
  finish: NormalFinish;
  usage: NormalUsage;
}

/** The recording is a failure: the client must see an error (HTTP status, or an error inside its stream). */
export interface ExpectedError {
  kind: "error";
  /** The HTTP status the client should see when the failure happens before any byte was sent; null = any. */
  status: number | null;
  reason: string;
}

export type ExpectedOutcome = ExpectedAnswer | ExpectedError;

export const NO_USAGE: NormalUsage = { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };

/** A number field, or null when absent / not a number. */
export function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Adds numbers where at least one is reported. */
export function sumReported(...values: Array<number | null>): number | null {
  const reported = values.filter((value): value is number => value !== null);
  return reported.length === 0 ? null : reported.reduce((total, value) => total + value, 0);
}

/** Tool arguments as a value: JSON parsed, an empty string meaning no arguments. */
export function parseToolArguments(raw: unknown): unknown {
  if (typeof raw !== "string") return raw ?? {};
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonRecord) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The non-empty lines of a `.chunks.txt` recording. */
export function recordedLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}

/** Parses one recorded line; null when it is not valid JSON (which makes the recording a failure case). */
export function parseLine(line: string): JsonRecord | null {
  try {
    return asRecord(JSON.parse(line));
  } catch {
    return null;
  }
}
