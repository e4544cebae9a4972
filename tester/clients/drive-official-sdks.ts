// One request through each official SDK — openai (chat.completions and responses), @anthropic-ai/sdk, @google/genai
// — set up as docs/CLIENTS.md tells users to: base URL at omniroute, the omniroute key as the SDK's API key. Each
// sends a system prompt, a user prompt and (for tool cases) function tools with real JSON schemas, and returns the
// answer as the SDK parsed it (for streams: the SDK's own accumulation of the events).

import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";

import { TOOL_SCHEMAS } from "./upstream-targets";

export interface SdkCall {
  /** omniroute's origin, e.g. http://127.0.0.1:20128 */
  origin: string;
  key: string;
  model: string;
  stream: boolean;
  system: string;
  prompt: string;
  /** Names of TOOL_SCHEMAS entries to declare (empty: no tools). */
  tools: string[];
  timeoutMs: number;
}

export interface SdkAnswer {
  text: string;
  toolCalls: Array<{ name: string; arguments: unknown }>;
}

export type SdkDriver = (call: SdkCall) => Promise<SdkAnswer>;

function schemaOf(name: string): { description: string; parameters: Record<string, unknown> } {
  const schema = TOOL_SCHEMAS[name];
  if (schema === undefined) throw new Error(`no schema for tool ${name}`);
  return schema;
}

function parseArguments(text: string): unknown {
  return text.trim() === "" ? {} : (JSON.parse(text) as unknown);
}

export const driveOpenAiChat: SdkDriver = async (call) => {
  const client = new OpenAI({ apiKey: call.key, baseURL: `${call.origin}/v1`, maxRetries: 0, timeout: call.timeoutMs });
  const tools = call.tools.map((name) => ({ type: "function" as const, function: { name, ...schemaOf(name) } }));
  const base = {
    model: call.model,
    messages: [
      { role: "system" as const, content: call.system },
      { role: "user" as const, content: call.prompt },
    ],
    ...(tools.length > 0 ? { tools } : {}),
  };
  if (!call.stream) {
    const message = (await client.chat.completions.create(base)).choices[0]?.message;
    return {
      text: message?.content ?? "",
      toolCalls: (message?.tool_calls ?? []).flatMap((toolCall) => (toolCall.type === "function" ? [{ name: toolCall.function.name, arguments: parseArguments(toolCall.function.arguments) }] : [])),
    };
  }
  const final = await client.chat.completions.stream({ ...base, stream: true, stream_options: { include_usage: true } }).finalChatCompletion();
  const message = final.choices[0]?.message;
  return {
    text: message?.content ?? "",
    toolCalls: (message?.tool_calls ?? []).flatMap((toolCall) => (toolCall.type === "function" ? [{ name: toolCall.function.name, arguments: parseArguments(toolCall.function.arguments) }] : [])),
  };
};

export const driveOpenAiResponses: SdkDriver = async (call) => {
  const client = new OpenAI({ apiKey: call.key, baseURL: `${call.origin}/v1`, maxRetries: 0, timeout: call.timeoutMs });
  const tools = call.tools.map((name) => ({ type: "function" as const, name, strict: false, ...schemaOf(name) }));
  const base = { model: call.model, instructions: call.system, input: call.prompt, store: false, ...(tools.length > 0 ? { tools } : {}) };
  const response = call.stream ? await client.responses.stream(base).finalResponse() : await client.responses.create(base);
  const toolCalls: SdkAnswer["toolCalls"] = [];
  for (const item of response.output) if (item.type === "function_call") toolCalls.push({ name: item.name, arguments: parseArguments(item.arguments) });
  return { text: response.output_text, toolCalls };
};

export const driveAnthropic: SdkDriver = async (call) => {
  const client = new Anthropic({ apiKey: call.key, baseURL: call.origin, maxRetries: 0, timeout: call.timeoutMs });
  const tools = call.tools.map((name) => {
    const { description, parameters } = schemaOf(name);
    return { name, description, input_schema: parameters as Anthropic.Messages.Tool.InputSchema };
  });
  const params = { model: call.model, max_tokens: 1024, system: call.system, messages: [{ role: "user" as const, content: call.prompt }], ...(tools.length > 0 ? { tools } : {}) };
  const message = call.stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
  let text = "";
  const toolCalls: SdkAnswer["toolCalls"] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    if (block.type === "tool_use") toolCalls.push({ name: block.name, arguments: block.input });
  }
  return { text, toolCalls };
};

export const driveGenAi: SdkDriver = async (call) => {
  const client = new GoogleGenAI({ apiKey: call.key, httpOptions: { baseUrl: call.origin, timeout: call.timeoutMs } });
  const functionDeclarations = call.tools.map((name) => {
    const { description, parameters } = schemaOf(name);
    return { name, description, parametersJsonSchema: parameters };
  });
  const request = {
    model: call.model,
    contents: call.prompt,
    config: { systemInstruction: call.system, ...(functionDeclarations.length > 0 ? { tools: [{ functionDeclarations }] } : {}) },
  };
  let text = "";
  const toolCalls: SdkAnswer["toolCalls"] = [];
  const responses = call.stream ? await client.models.generateContentStream(request) : [await client.models.generateContent(request)];
  for await (const response of responses) {
    for (const part of response.candidates?.[0]?.content?.parts ?? []) {
      if (typeof part.text === "string" && part.thought !== true) text += part.text;
      if (part.functionCall?.name) toolCalls.push({ name: part.functionCall.name, arguments: part.functionCall.args ?? {} });
    }
  }
  return { text, toolCalls };
};
