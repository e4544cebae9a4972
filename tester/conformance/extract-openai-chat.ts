// Expected values from a recorded OpenAI Chat Completions answer (folder `openai-chat`: OpenAI and the
// OpenAI-compatible providers DeepSeek, Groq, Mistral, xAI, Alibaba).

import { asArray, asRecord, numberOrNull, parseLine, parseToolArguments, recordedLines } from "./expected-outcome";
import type { ExpectedOutcome, JsonRecord, NormalFinish, NormalUsage } from "./expected-outcome";

const FINISH: Record<string, NormalFinish> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  function_call: "tool-calls",
  content_filter: "content-filter",
};

/**
 * OpenAI's completion_tokens include reasoning tokens. Some compatible providers (xAI) report them apart — seen
 * as more reasoning tokens than completion tokens — and then the normalised output adds them. Exported because
 * the OpenAI-chat client side normalises what it receives by the same rule.
 */
export function normaliseChatUsage(usage: unknown): NormalUsage {
  const record = asRecord(usage);
  const completion = numberOrNull(record.completion_tokens);
  const reasoning = numberOrNull(asRecord(record.completion_tokens_details).reasoning_tokens);
  const output = completion !== null && reasoning !== null && reasoning > completion ? completion + reasoning : completion;
  return {
    inputTokens: numberOrNull(record.prompt_tokens),
    outputTokens: output,
    cacheReadTokens: numberOrNull(asRecord(record.prompt_tokens_details).cached_tokens) ?? numberOrNull(record.prompt_cache_hit_tokens),
    cacheWriteTokens: null,
    reasoningTokens: reasoning,
  };
}

function finishOf(reason: unknown): NormalFinish {
  return typeof reason === "string" ? (FINISH[reason] ?? "other") : "other";
}

/** DeepSeek, Alibaba and xAI call it reasoning_content; others (OpenRouter, vLLM) reasoning. */
function reasoningOf(record: JsonRecord): string {
  const value = record.reasoning_content ?? record.reasoning;
  return typeof value === "string" ? value : "";
}

export function extractOpenAiChatFromJson(text: string): ExpectedOutcome {
  const completion = asRecord(JSON.parse(text));
  if (completion.error !== undefined) return { kind: "error", status: null, reason: "OpenAI error body" };
  const choice = asRecord(asArray(completion.choices)[0]);
  const message = asRecord(choice.message);
  const toolCalls = asArray(message.tool_calls)
    .map(asRecord)
    .map((call) => ({ name: String(asRecord(call.function).name), arguments: parseToolArguments(asRecord(call.function).arguments) }));
  return {
    kind: "answer",
    text: typeof message.content === "string" ? message.content : "",
    hasReasoning: reasoningOf(message).length > 0,
    toolCalls,
    finish: finishOf(choice.finish_reason),
    usage: normaliseChatUsage(completion.usage),
  };
}

export function extractOpenAiChatFromChunks(text: string): ExpectedOutcome {
  let answer = "";
  let reasoning = "";
  let finishReason: unknown = null;
  let usage: unknown = null;
  // Calls keyed by their index; a provider that omits the index (Mistral) sends each call whole, in order.
  const calls: Array<{ name: string; json: string }> = [];
  for (const line of recordedLines(text)) {
    const chunk = parseLine(line);
    if (chunk === null) return { kind: "error", status: null, reason: "malformed chunk in the recording" };
    if (chunk.error !== undefined) return { kind: "error", status: null, reason: "error chunk in the stream" };
    if (chunk.usage !== null && chunk.usage !== undefined) usage = chunk.usage;
    for (const choice of asArray(chunk.choices).map(asRecord)) {
      const delta = asRecord(choice.delta);
      if (typeof delta.content === "string") answer += delta.content;
      reasoning += reasoningOf(delta);
      for (const call of asArray(delta.tool_calls).map(asRecord)) {
        const index = numberOrNull(call.index) ?? (typeof call.id === "string" ? calls.length : Math.max(0, calls.length - 1));
        const fn = asRecord(call.function);
        calls[index] ??= { name: "", json: "" };
        if (typeof fn.name === "string") calls[index].name += fn.name;
        if (typeof fn.arguments === "string") calls[index].json += fn.arguments;
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReason = choice.finish_reason;
    }
  }
  if (finishReason === null) return { kind: "error", status: null, reason: "stream ends without a finish_reason" };
  return {
    kind: "answer",
    text: answer,
    hasReasoning: reasoning.length > 0,
    toolCalls: calls.filter(Boolean).map((call) => ({ name: call.name, arguments: parseToolArguments(call.json) })),
    finish: finishOf(finishReason),
    usage: normaliseChatUsage(usage),
  };
}
