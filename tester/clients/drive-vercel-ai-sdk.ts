// One request through the Vercel AI SDK (`ai`'s generateText / streamText) with the two providers users point at
// omniroute: @ai-sdk/openai-compatible (Chat Completions at /v1) and @ai-sdk/anthropic (Messages at /v1), set up
// as docs/CLIENTS.md shows. Tools are declared with `jsonSchema` and no `execute`, so a tool call ends the step
// and comes back as the SDK parsed it.

import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, jsonSchema, streamText, tool } from "ai";
import type { LanguageModel, ToolSet } from "ai";

import type { SdkAnswer, SdkCall, SdkDriver } from "./drive-official-sdks";
import { TOOL_SCHEMAS } from "./upstream-targets";

function toolSet(names: string[]): ToolSet | undefined {
  if (names.length === 0) return undefined;
  const tools: ToolSet = {};
  for (const name of names) {
    const schema = TOOL_SCHEMAS[name];
    if (schema === undefined) throw new Error(`no schema for tool ${name}`);
    tools[name] = tool({ description: schema.description, inputSchema: jsonSchema(schema.parameters) });
  }
  return tools;
}

async function drive(model: LanguageModel, call: SdkCall): Promise<SdkAnswer> {
  const tools = toolSet(call.tools);
  const options = { model, system: call.system, prompt: call.prompt, maxRetries: 0, abortSignal: AbortSignal.timeout(call.timeoutMs), ...(tools ? { tools } : {}) };
  if (!call.stream) {
    const result = await generateText(options);
    return { text: result.text, toolCalls: result.toolCalls.map((toolCall) => ({ name: toolCall.toolName, arguments: toolCall.input })) };
  }
  let streamError: unknown = null;
  const result = streamText({ ...options, onError: ({ error }) => (streamError = error) });
  const [text, toolCalls] = await Promise.all([result.text, result.toolCalls]);
  if (streamError !== null) throw streamError instanceof Error ? streamError : new Error(String(streamError));
  return { text, toolCalls: toolCalls.map((toolCall) => ({ name: toolCall.toolName, arguments: toolCall.input })) };
}

export const driveVercelOpenAiCompatible: SdkDriver = (call) => {
  const provider = createOpenAICompatible({ name: "omniroute", baseURL: `${call.origin}/v1`, apiKey: call.key, includeUsage: true });
  return drive(provider.chatModel(call.model), call);
};

export const driveVercelAnthropic: SdkDriver = (call) => {
  const provider = createAnthropic({ baseURL: `${call.origin}/v1`, apiKey: call.key });
  return drive(provider(call.model), call);
};
