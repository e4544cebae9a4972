// OpenAI Responses holding a conversation the way a stateless client does (Codex: `store: false`,
// `include: ["reasoning.encrypted_content"]`, the system prompt as a `developer` item): every output item of a
// response goes back into `input` as the SDK returned it, encrypted reasoning included.

import OpenAI from "openai";
import type { Response, ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";

import { OPEN_OBJECT_SCHEMA, jsonRequest } from "./client-conversation";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";

function body(settings: ConversationSettings, history: unknown[], model: string): Record<string, unknown> {
  return {
    model,
    input: history,
    tools: settings.toolNames.map((name) => ({ type: "function", name, description: `the ${name} tool`, strict: false, parameters: OPEN_OBJECT_SCHEMA })),
    reasoning: { effort: "medium", summary: "auto" },
    store: false,
    include: ["reasoning.encrypted_content"],
  };
}

function turnOf(response: Response): AssistantTurn {
  const turn: AssistantTurn = { entries: response.output, text: "", toolCalls: [], tokens: [] };
  for (const item of response.output) {
    if (item.type === "message") for (const part of item.content) if (part.type === "output_text") turn.text += part.text;
    if (item.type === "function_call") turn.toolCalls.push({ id: item.call_id, name: item.name });
    if (item.type === "reasoning" && typeof item.encrypted_content === "string") turn.tokens.push(item.encrypted_content);
  }
  return turn;
}

export const openAiResponsesConversation: ClientConversation = {
  carriesTokens: true,
  opening: (settings) => [{ type: "message", role: "developer", content: [{ type: "input_text", text: settings.systemPrompt }] }],
  userText: (text) => [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
  toolResults: (calls, text) => calls.map((call) => ({ type: "function_call_output", call_id: call.id, output: text })),
  async ask(settings, history, model, stream) {
    const client = new OpenAI({ apiKey: settings.apiKey, baseURL: `${settings.gatewayUrl}/v1`, maxRetries: 0, timeout: settings.timeoutMs, fetch: settings.fetch, logLevel: "off" });
    const params = body(settings, history, model) as unknown as ResponseCreateParamsNonStreaming;
    if (!stream) return turnOf(await client.responses.create(params));
    const { stream: _nonStreaming, ...base } = params;
    return turnOf(await client.responses.stream({ ...base, stream: true }).finalResponse());
  },
  finalRequest: (settings, history, model) => jsonRequest(`${settings.gatewayUrl}/v1/responses`, { authorization: `Bearer ${settings.apiKey}` }, body(settings, history, model)),
};
