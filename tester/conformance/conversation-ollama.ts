// Ollama holding a conversation (`/v1/api/chat`, fetch): the assistant message kept as received (streamed: the
// lines' content and thinking joined, the tool calls as the lines carried them), tool results as `tool`
// messages naming the tool (`tool_name`), as Ollama's own clients send them. Ollama has no reasoning tokens.

import { asArray, asRecord } from "./expected-outcome";
import { jsonRequest } from "./client-conversation";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";
import { ollamaTools, readOllamaResponse } from "./drive-ollama";

function body(settings: ConversationSettings, history: unknown[], model: string, stream: boolean): Record<string, unknown> {
  return { model, messages: history, stream, think: true, tools: ollamaTools(settings.toolNames) };
}

function turnOf(message: Record<string, unknown>): AssistantTurn {
  const calls = asArray(message.tool_calls).map(asRecord);
  return {
    entries: [message],
    text: typeof message.content === "string" ? message.content : "",
    toolCalls: calls.map((call) => ({ id: typeof call.id === "string" ? call.id : null, name: String(asRecord(call.function).name) })),
    tokens: [],
  };
}

export const ollamaConversation: ClientConversation = {
  carriesTokens: false,
  opening: (settings) => [{ role: "system", content: settings.systemPrompt }],
  userText: (text) => [{ role: "user", content: text }],
  toolResults: (calls, text) => calls.map((call) => ({ role: "tool", content: text, tool_name: call.name })),
  async ask(settings, history, model, stream) {
    const { url, init } = jsonRequest(`${settings.gatewayUrl}/v1/api/chat`, { authorization: `Bearer ${settings.apiKey}` }, body(settings, history, model, stream));
    const response = await settings.fetch(url, { ...init, signal: AbortSignal.timeout(settings.timeoutMs) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    if (!stream) return turnOf(asRecord(asRecord(await response.json()).message));
    const { answer, malformed } = await readOllamaResponse(response);
    if (malformed.length > 0 || answer.error !== null || answer.final === null) throw new Error(`broken stream: ${answer.error ?? malformed.join(" | ") ?? "no done line"}`);
    const message: Record<string, unknown> = { role: "assistant", content: answer.content };
    if (answer.thinking !== "") message.thinking = answer.thinking;
    if (answer.rawToolCalls.length > 0) message.tool_calls = answer.rawToolCalls;
    return turnOf(message);
  },
  finalRequest: (settings, history, model) => jsonRequest(`${settings.gatewayUrl}/v1/api/chat`, { authorization: `Bearer ${settings.apiKey}` }, body(settings, history, model, false)),
};
