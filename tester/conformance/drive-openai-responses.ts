// The OpenAI Responses client: the `openai` SDK's responses.create, and for streams responses.stream(), whose
// finalResponse() is the SDK's own accumulation of the event stream.

import OpenAI from "openai";
import type { FunctionTool, Response, ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";

import { parseToolArguments } from "./expected-outcome";
import { normaliseResponsesUsage } from "./extract-openai-responses";
import { USER_PROMPT, observedError } from "./client-outcome";
import type { ClientDriver, ObservedOutcome } from "./client-outcome";

function toolsFor(names: string[]): FunctionTool[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => ({ type: "function", name, description: `the ${name} tool`, strict: false, parameters: { type: "object", additionalProperties: true } }));
}

function answerOf(response: Response): ObservedOutcome {
  let text = "";
  let reasoningText = "";
  const toolCalls = [];
  for (const item of response.output) {
    if (item.type === "message") for (const part of item.content) if (part.type === "output_text") text += part.text;
    if (item.type === "reasoning") {
      for (const part of item.summary) reasoningText += part.text;
      for (const part of item.content ?? []) reasoningText += part.text;
    }
    if (item.type === "function_call") toolCalls.push({ name: item.name, arguments: parseToolArguments(item.arguments) });
  }
  const finish = response.status === "incomplete" ? `incomplete:${response.incomplete_details?.reason ?? "<none>"}` : String(response.status ?? "<none>");
  return { kind: "answer", text, reasoningText, toolCalls, finish, usage: normaliseResponsesUsage(response.usage), rawUsage: response.usage ?? null };
}

export const driveOpenAiResponses: ClientDriver = async (request) => {
  const client = new OpenAI({ apiKey: request.apiKey, baseURL: `${request.gatewayUrl}/v1`, maxRetries: 0, timeout: request.timeoutMs, fetch: request.fetch, logLevel: "off" });
  const tools = toolsFor(request.toolNames);
  const params: ResponseCreateParamsNonStreaming = { model: request.model, input: USER_PROMPT, ...(tools ? { tools } : {}) };
  try {
    if (!request.stream) return answerOf(await client.responses.create(params));
    const { stream: _nonStreaming, ...base } = params;
    return answerOf(await client.responses.stream({ ...base, stream: true }).finalResponse());
  } catch (error) {
    return observedError(error);
  }
};
