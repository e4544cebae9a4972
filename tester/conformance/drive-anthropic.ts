// The Anthropic Messages client: @anthropic-ai/sdk messages.create, and for streams messages.stream(), whose
// finalMessage() is the SDK's own accumulation of the event stream.

import Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming, Tool } from "@anthropic-ai/sdk/resources/messages";

import { numberOrNull, sumReported } from "./expected-outcome";
import { USER_PROMPT, observedError } from "./client-outcome";
import type { ClientDriver, ObservedOutcome } from "./client-outcome";

function toolsFor(names: string[]): Tool[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => ({ name, description: `the ${name} tool`, input_schema: { type: "object", additionalProperties: true } }));
}

function answerOf(message: Message): ObservedOutcome {
  let text = "";
  let reasoningText = "";
  const toolCalls = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    if (block.type === "thinking") reasoningText += block.thinking;
    if (block.type === "tool_use") toolCalls.push({ name: block.name, arguments: block.input });
  }
  const usage = message.usage;
  const cacheRead = numberOrNull(usage.cache_read_input_tokens);
  const cacheWrite = numberOrNull(usage.cache_creation_input_tokens);
  return {
    kind: "answer",
    text,
    reasoningText,
    toolCalls,
    finish: String(message.stop_reason ?? "<none>"),
    usage: {
      // Anthropic's input_tokens leaves cache reads and writes out; normalised input includes them.
      inputTokens: sumReported(numberOrNull(usage.input_tokens), cacheRead, cacheWrite),
      outputTokens: numberOrNull(usage.output_tokens),
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      reasoningTokens: numberOrNull(usage.output_tokens_details?.thinking_tokens),
    },
    rawUsage: usage,
  };
}

export const driveAnthropic: ClientDriver = async (request) => {
  const client = new Anthropic({ apiKey: request.apiKey, baseURL: request.gatewayUrl, maxRetries: 0, timeout: request.timeoutMs, fetch: request.fetch, logLevel: "off" });
  const tools = toolsFor(request.toolNames);
  const params: MessageCreateParamsNonStreaming = { model: request.model, max_tokens: 4096, messages: [{ role: "user", content: USER_PROMPT }], ...(tools ? { tools } : {}) };
  try {
    if (!request.stream) return answerOf(await client.messages.create(params));
    return answerOf(await client.messages.stream(params).finalMessage());
  } catch (error) {
    return observedError(error);
  }
};
