// OpenAI Chat holding a conversation: the `openai` SDK, history as `messages`; the assistant message is kept as
// the SDK returned it (`reasoning_content` included — streamed, it is the concatenation of the deltas).

import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessage } from "openai/resources/chat/completions";

import { asArray, asRecord } from "./expected-outcome";
import { OPEN_OBJECT_SCHEMA, jsonRequest } from "./client-conversation";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";

function body(settings: ConversationSettings, history: unknown[], model: string): Record<string, unknown> {
  return {
    model,
    messages: history,
    tools: settings.toolNames.map((name) => ({ type: "function", function: { name, description: `the ${name} tool`, parameters: OPEN_OBJECT_SCHEMA } })),
    reasoning_effort: "medium",
  };
}

function turnOf(message: ChatCompletionMessage): AssistantTurn {
  const calls = asArray(message.tool_calls).map(asRecord);
  return {
    entries: [message],
    text: message.content ?? "",
    toolCalls: calls.map((call) => ({ id: typeof call.id === "string" ? call.id : null, name: String(asRecord(call.function).name) })),
    // The Chat format has no field for reasoning tokens.
    tokens: [],
  };
}

export const openAiChatConversation: ClientConversation = {
  carriesTokens: false,
  opening: (settings) => [{ role: "system", content: settings.systemPrompt }],
  userText: (text) => [{ role: "user", content: text }],
  toolResults: (calls, text) => calls.map((call) => ({ role: "tool", tool_call_id: call.id, content: text })),
  async ask(settings, history, model, stream) {
    const client = new OpenAI({ apiKey: settings.apiKey, baseURL: `${settings.gatewayUrl}/v1`, maxRetries: 0, timeout: settings.timeoutMs, fetch: settings.fetch, logLevel: "off" });
    const params = body(settings, history, model) as unknown as ChatCompletionCreateParamsNonStreaming;
    if (!stream) return turnOf((await client.chat.completions.create(params)).choices[0]!.message);
    const events = client.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } });
    let reasoning = "";
    for await (const chunk of events) for (const choice of chunk.choices) reasoning += String(asRecord(choice.delta).reasoning_content ?? "");
    const message = { ...(await events.finalChatCompletion()).choices[0]!.message } as ChatCompletionMessage & { reasoning_content?: string };
    if (reasoning !== "") message.reasoning_content = reasoning;
    else delete message.reasoning_content;
    return turnOf(message);
  },
  finalRequest: (settings, history, model) => jsonRequest(`${settings.gatewayUrl}/v1/chat/completions`, { authorization: `Bearer ${settings.apiKey}` }, body(settings, history, model)),
};
