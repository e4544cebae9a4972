// The Gemini client: @google/genai models.generateContent, and for streams models.generateContentStream,
// accumulating the chunks as an SDK user does (text parts, thought parts, function calls, last finishReason
// and usageMetadata). The SDK puts a model with a `/` into the path as is:
// /v1beta/models/up-claude/anthropic-text:generateContent.

import { GoogleGenAI, Type } from "@google/genai";
import type { GenerateContentParameters, GenerateContentResponse, Tool } from "@google/genai";

import { normaliseGeminiUsage } from "./extract-gemini";
import { USER_PROMPT, observedError } from "./client-outcome";
import type { ClientDriver, ObservedOutcome } from "./client-outcome";
import type { ToolCallValue } from "./expected-outcome";

function toolsFor(names: string[]): Tool[] | undefined {
  if (names.length === 0) return undefined;
  return [{ functionDeclarations: names.map((name) => ({ name, description: `the ${name} tool`, parameters: { type: Type.OBJECT } })) }];
}

interface Accumulated {
  text: string;
  reasoningText: string;
  toolCalls: ToolCallValue[];
  finish: string;
  usage: unknown;
}

function accumulate(state: Accumulated, response: GenerateContentResponse): void {
  const candidate = response.candidates?.[0];
  for (const part of candidate?.content?.parts ?? []) {
    if (typeof part.text === "string") {
      if (part.thought === true) state.reasoningText += part.text;
      else state.text += part.text;
    }
    if (part.functionCall) state.toolCalls.push({ name: String(part.functionCall.name), arguments: part.functionCall.args ?? {} });
  }
  if (candidate?.finishReason !== undefined) state.finish = String(candidate.finishReason);
  if (response.usageMetadata !== undefined) state.usage = response.usageMetadata;
}

function answerOf(state: Accumulated): ObservedOutcome {
  return { kind: "answer", text: state.text, reasoningText: state.reasoningText, toolCalls: state.toolCalls, finish: state.finish, usage: normaliseGeminiUsage(state.usage), rawUsage: state.usage ?? null };
}

export const driveGemini: ClientDriver = async (request) => {
  const client = new GoogleGenAI({
    apiKey: request.apiKey,
    httpOptions: { baseUrl: request.gatewayUrl, timeout: request.timeoutMs, retryOptions: { attempts: 1 }, fetch: request.fetch },
  });
  const tools = toolsFor(request.toolNames);
  const params: GenerateContentParameters = { model: request.model, contents: USER_PROMPT, ...(tools ? { config: { tools } } : {}) };
  const state: Accumulated = { text: "", reasoningText: "", toolCalls: [], finish: "<none>", usage: undefined };
  try {
    if (!request.stream) {
      accumulate(state, await client.models.generateContent(params));
    } else {
      for await (const chunk of await client.models.generateContentStream(params)) accumulate(state, chunk);
    }
    return answerOf(state);
  } catch (error) {
    return observedError(error);
  }
};
