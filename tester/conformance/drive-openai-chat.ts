// The OpenAI Chat Completions client: the `openai` SDK's chat.completions.create, and for streams its
// ChatCompletionStream helper, which accumulates the deltas into a final completion the way SDK users get it.

import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionTool } from "openai/resources/chat/completions";

import { asRecord, parseToolArguments } from "./expected-outcome";
import { normaliseChatUsage } from "./extract-openai-chat";
import { USER_PROMPT, observedError } from "./client-outcome";
import type { ClientDriver, ObservedOutcome } from "./client-outcome";

function toolsFor(names: string[]): ChatCompletionTool[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => ({ type: "function", function: { name, description: `the ${name} tool`, parameters: { type: "object", additionalProperties: true } } }));
}

/** Reasoning is not part of the Chat Completions schema; DeepSeek-style `reasoning_content` is the common extension. */
function reasoningOf(value: unknown): string {
  const record = asRecord(value);
  const reasoning = record.reasoning_content ?? record.reasoning;
  return typeof reasoning === "string" ? reasoning : "";
}

function answerOf(completion: ChatCompletion, streamedReasoning: string | null): ObservedOutcome {
  const choice = completion.choices[0];
  const message = choice?.message;
  return {
    kind: "answer",
    text: message?.content ?? "",
    reasoningText: streamedReasoning ?? reasoningOf(message),
    // Read as SDK users do (`call.function.name`), without insisting on `type: "function"` being present.
    toolCalls: (message?.tool_calls ?? []).map((call) => {
      const fn = asRecord(asRecord(call).function);
      return { name: String(fn.name), arguments: parseToolArguments(fn.arguments) };
    }),
    finish: String(choice?.finish_reason ?? "<none>"),
    usage: normaliseChatUsage(completion.usage),
    rawUsage: completion.usage ?? null,
  };
}

export const driveOpenAiChat: ClientDriver = async (request) => {
  const client = new OpenAI({ apiKey: request.apiKey, baseURL: `${request.gatewayUrl}/v1`, maxRetries: 0, timeout: request.timeoutMs, fetch: request.fetch, logLevel: "off" });
  const tools = toolsFor(request.toolNames);
  const params: ChatCompletionCreateParamsNonStreaming = { model: request.model, messages: [{ role: "user", content: USER_PROMPT }], ...(tools ? { tools } : {}) };
  try {
    if (!request.stream) return answerOf(await client.chat.completions.create(params), null);
    const stream = client.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } });
    let reasoning = "";
    for await (const chunk of stream) for (const choice of chunk.choices) reasoning += reasoningOf(choice.delta);
    return answerOf(await stream.finalChatCompletion(), reasoning);
  } catch (error) {
    return observedError(error);
  }
};
