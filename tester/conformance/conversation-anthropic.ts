// Anthropic Messages holding a conversation the way Claude Code does: the system prompt as a cached block,
// thinking on, and each assistant message's content blocks sent back as the SDK returned them (thinking blocks
// with their signatures, streamed ones as `finalMessage()` accumulated them).

import Anthropic from "@anthropic-ai/sdk";
import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";

import { OPEN_OBJECT_SCHEMA, jsonRequest } from "./client-conversation";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";

function body(settings: ConversationSettings, history: unknown[], model: string): Record<string, unknown> {
  return {
    model,
    max_tokens: 8192,
    system: [{ type: "text", text: settings.systemPrompt, cache_control: { type: "ephemeral" } }],
    messages: history,
    tools: settings.toolNames.map((name) => ({ name, description: `the ${name} tool`, input_schema: OPEN_OBJECT_SCHEMA })),
    thinking: { type: "enabled", budget_tokens: 4096 },
  };
}

function turnOf(message: Message): AssistantTurn {
  const turn: AssistantTurn = { entries: [{ role: "assistant", content: message.content }], text: "", toolCalls: [], tokens: [] };
  for (const block of message.content) {
    if (block.type === "text") turn.text += block.text;
    if (block.type === "tool_use") turn.toolCalls.push({ id: block.id, name: block.name });
    if (block.type === "thinking") turn.tokens.push(block.signature);
    if (block.type === "redacted_thinking") turn.tokens.push(block.data);
  }
  return turn;
}

export const anthropicConversation: ClientConversation = {
  carriesTokens: true,
  opening: () => [],
  userText: (text) => [{ role: "user", content: text }],
  toolResults: (calls, text) => [{ role: "user", content: calls.map((call) => ({ type: "tool_result", tool_use_id: call.id, content: text })) }],
  async ask(settings, history, model, stream) {
    const client = new Anthropic({ apiKey: settings.apiKey, baseURL: settings.gatewayUrl, maxRetries: 0, timeout: settings.timeoutMs, fetch: settings.fetch, logLevel: "off" });
    const params = body(settings, history, model) as unknown as MessageCreateParamsNonStreaming;
    return turnOf(stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params));
  },
  finalRequest: (settings, history, model) =>
    jsonRequest(`${settings.gatewayUrl}/v1/messages`, { "x-api-key": settings.apiKey, "anthropic-version": "2023-06-01" }, body(settings, history, model)),
};
