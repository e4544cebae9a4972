// What a client ended up with after its official SDK parsed the gateway's answer.

import type { NormalUsage, ToolCallValue } from "./expected-outcome";

/**
 * The client wire formats the matrix drives, each through its official SDK; Ollama (`POST /v1/api/chat`, NDJSON)
 * has no official SDK here and is driven with fetch and a small NDJSON reader (drive-ollama.ts).
 */
export type ClientFormat = "openai-chat" | "openai-responses" | "anthropic" | "gemini" | "ollama";

export const CLIENT_FORMATS: readonly ClientFormat[] = ["openai-chat", "openai-responses", "anthropic", "gemini", "ollama"];

export interface ObservedAnswer {
  kind: "answer";
  text: string;
  /** Readable reasoning text the client received ("" when none, or when the format has no place for it). */
  reasoningText: string;
  toolCalls: ToolCallValue[];
  /** The finish reason in the client's own vocabulary (Responses: `completed` / `incomplete:<reason>`). */
  finish: string;
  /** The client's usage, normalised like the expected values (see expected-outcome.ts). */
  usage: NormalUsage;
  /** Usage fields the client's answer actually carried, before normalisation. */
  rawUsage: unknown;
}

export interface ObservedError {
  kind: "error";
  /** HTTP status when the SDK saw one; null for a failure inside a stream. */
  status: number | null;
  message: string;
}

export type ObservedOutcome = ObservedAnswer | ObservedError;

/** One request the SDK makes through the gateway. */
export interface DriveRequest {
  gatewayUrl: string;
  apiKey: string;
  /** `<provider id>/<fixture model>` */
  model: string;
  stream: boolean;
  /** Tools the fixture calls: declared with a permissive schema so the request is valid. */
  toolNames: string[];
  fetch: typeof fetch;
  timeoutMs: number;
}

export type ClientDriver = (request: DriveRequest) => Promise<ObservedOutcome>;

export const USER_PROMPT = "Hello, please answer as you recorded.";

export function observedError(error: unknown): ObservedError {
  const record = error as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof record.status === "number" ? record.status : typeof record.code === "number" ? record.code : null;
  return { kind: "error", status, message: String(record.message ?? error).slice(0, 500) };
}
