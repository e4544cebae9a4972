// Gemini holding a conversation the way Gemini CLI does: `systemInstruction` with role "user", tools as
// `parametersJsonSchema`, thoughts included; each model turn is kept as the SDK returned its content (streamed:
// the parts of every chunk, in order), thought signatures where the gateway put them.

import { GoogleGenAI } from "@google/genai";
import type { Content, GenerateContentParameters, Part } from "@google/genai";

import { OPEN_OBJECT_SCHEMA, jsonRequest } from "./client-conversation";
import type { AssistantTurn, ClientConversation, ConversationSettings } from "./client-conversation";

function config(settings: ConversationSettings) {
  return {
    systemInstruction: { role: "user", parts: [{ text: settings.systemPrompt }] },
    tools: [{ functionDeclarations: settings.toolNames.map((name) => ({ name, description: `the ${name} tool`, parametersJsonSchema: OPEN_OBJECT_SCHEMA })) }],
    thinkingConfig: { includeThoughts: true, thinkingBudget: 4096 },
  };
}

function turnOf(parts: Part[]): AssistantTurn {
  const content: Content = { role: "model", parts };
  const turn: AssistantTurn = { entries: [content], text: "", toolCalls: [], tokens: [] };
  for (const part of parts) {
    if (typeof part.text === "string" && part.thought !== true) turn.text += part.text;
    if (part.functionCall) turn.toolCalls.push({ id: part.functionCall.id ?? null, name: String(part.functionCall.name) });
    if (typeof part.thoughtSignature === "string") turn.tokens.push(part.thoughtSignature);
  }
  return turn;
}

export const geminiConversation: ClientConversation = {
  carriesTokens: true,
  opening: () => [],
  userText: (text) => [{ role: "user", parts: [{ text }] }],
  toolResults: (calls, text) => [{ role: "user", parts: calls.map((call) => ({ functionResponse: { ...(call.id !== null ? { id: call.id } : {}), name: call.name, response: { output: text } } })) }],
  async ask(settings, history, model, stream) {
    const client = new GoogleGenAI({
      apiKey: settings.apiKey,
      httpOptions: { baseUrl: settings.gatewayUrl, timeout: settings.timeoutMs, retryOptions: { attempts: 1 }, fetch: settings.fetch },
    });
    const params: GenerateContentParameters = { model, contents: history as Content[], config: config(settings) };
    if (!stream) return turnOf((await client.models.generateContent(params)).candidates?.[0]?.content?.parts ?? []);
    const parts: Part[] = [];
    for await (const chunk of await client.models.generateContentStream(params)) parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
    return turnOf(parts);
  },
  finalRequest(settings, history, model) {
    const { systemInstruction, tools, thinkingConfig } = config(settings);
    return jsonRequest(`${settings.gatewayUrl}/v1beta/models/${model}:generateContent`, { "x-goog-api-key": settings.apiKey }, { contents: history, systemInstruction, tools, generationConfig: { thinkingConfig } });
  },
};
