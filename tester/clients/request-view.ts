// One reading of a generation request in any of the four wire formats: where its system prompt is, what each
// conversation turn says, which function tools it declares (with their JSON schemas) and its output-token cap.
// The integrity checks compare the client's request with the upstream's through this view.

import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";

export type WireProtocol = UpstreamProtocol;

export interface ToolView {
  name: string;
  description: string | null;
  schema: unknown;
  /** For a function inside a Responses `namespace` tool: the namespace's name. */
  namespace?: string;
}

export interface TurnView {
  role: "user" | "assistant" | "tool";
  text: string;
}

export interface RequestView {
  /** System / developer texts in order, one per text part (Anthropic `role: "system"` messages included). */
  system: string[];
  turns: TurnView[];
  /** Function tools (Responses namespaces flattened, each function keeping its namespace). */
  tools: ToolView[];
  /** Declared tools that are not functions (e.g. Codex's `web_search`), by type. */
  otherTools: string[];
  maxTokens: number | null;
}

type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The texts of a content value: a string, or the text parts of a part list (any of the formats' part types). */
function contentTexts(content: unknown): string[] {
  if (typeof content === "string") return [content];
  return asList(content)
    .map(asRecord)
    .filter((part) => typeof part.text === "string" && part.thought !== true && part.type !== "thinking")
    .map((part) => part.text as string);
}

/** A turn's text, parts joined (a translator may join or split parts; the checks compare line by line). */
function contentText(content: unknown): string {
  return contentTexts(content).join("\n");
}

function viewClaude(body: Json): RequestView {
  const system = typeof body.system === "string" ? [body.system] : asList(body.system).map(asRecord).map((block) => String(block.text ?? ""));
  const turns: TurnView[] = [];
  for (const message of asList(body.messages).map(asRecord)) {
    // Claude Code sends mid-conversation `role: "system"` messages: they are system prompt, wherever they sit.
    if (message.role === "system") system.push(...contentTexts(message.content));
    else if (message.role === "user" || message.role === "assistant") turns.push({ role: message.role, text: contentText(message.content) });
  }
  const tools: ToolView[] = [];
  const otherTools: string[] = [];
  for (const tool of asList(body.tools).map(asRecord)) {
    if (tool.input_schema !== undefined) tools.push({ name: String(tool.name), description: stringOrNull(tool.description), schema: tool.input_schema });
    else otherTools.push(String(tool.type ?? tool.name));
  }
  return { system: system.filter((text) => text !== ""), turns, tools, otherTools, maxTokens: numberOrNull(body.max_tokens) };
}

function viewChat(body: Json): RequestView {
  const system: string[] = [];
  const turns: TurnView[] = [];
  for (const message of asList(body.messages).map(asRecord)) {
    if (message.role === "system" || message.role === "developer") system.push(...contentTexts(message.content));
    else if (message.role === "user" || message.role === "assistant" || message.role === "tool") turns.push({ role: message.role, text: contentText(message.content) });
  }
  const tools: ToolView[] = [];
  const otherTools: string[] = [];
  for (const tool of asList(body.tools).map(asRecord)) {
    const fn = asRecord(tool.function);
    if (tool.type === "function") tools.push({ name: String(fn.name), description: stringOrNull(fn.description), schema: fn.parameters });
    else otherTools.push(String(tool.type));
  }
  return { system, turns, tools, otherTools, maxTokens: numberOrNull(body.max_completion_tokens ?? body.max_tokens) };
}

function responsesFunction(tool: Json, namespace?: string): ToolView {
  return { name: String(tool.name), description: stringOrNull(tool.description), schema: tool.parameters, ...(namespace === undefined ? {} : { namespace }) };
}

function viewResponses(body: Json): RequestView {
  const system: string[] = typeof body.instructions === "string" && body.instructions !== "" ? [body.instructions] : [];
  const turns: TurnView[] = [];
  const input = typeof body.input === "string" ? [{ type: "message", role: "user", content: body.input }] : asList(body.input);
  for (const item of input.map(asRecord)) {
    const type = item.type ?? "message";
    if (type === "message" && (item.role === "system" || item.role === "developer")) system.push(...contentTexts(item.content));
    else if (type === "message" && (item.role === "user" || item.role === "assistant")) turns.push({ role: item.role, text: contentText(item.content) });
    else if (type === "function_call_output") turns.push({ role: "tool", text: typeof item.output === "string" ? item.output : JSON.stringify(item.output) });
  }
  const tools: ToolView[] = [];
  const otherTools: string[] = [];
  for (const tool of asList(body.tools).map(asRecord)) {
    if (tool.type === "function") tools.push(responsesFunction(tool));
    else if (tool.type === "namespace") for (const inner of asList(tool.tools).map(asRecord)) tools.push(responsesFunction(inner, String(tool.name)));
    else otherTools.push(String(tool.type));
  }
  return { system, turns, tools, otherTools, maxTokens: numberOrNull(body.max_output_tokens) };
}

function viewGemini(body: Json): RequestView {
  const instruction = asRecord(body.systemInstruction ?? body.system_instruction);
  const system = asList(instruction.parts).map(asRecord).filter((part) => typeof part.text === "string").map((part) => part.text as string);
  const turns: TurnView[] = [];
  for (const content of asList(body.contents).map(asRecord)) {
    const parts = asList(content.parts).map(asRecord);
    if (parts.some((part) => part.functionResponse !== undefined)) turns.push({ role: "tool", text: JSON.stringify(parts.map((part) => part.functionResponse)) });
    else turns.push({ role: content.role === "model" ? "assistant" : "user", text: contentText(parts) });
  }
  const tools: ToolView[] = [];
  const otherTools: string[] = [];
  for (const tool of asList(body.tools).map(asRecord)) {
    const declarations = asList(tool.functionDeclarations ?? tool.function_declarations).map(asRecord);
    for (const declaration of declarations) {
      tools.push({ name: String(declaration.name), description: stringOrNull(declaration.description), schema: declaration.parametersJsonSchema ?? declaration.parameters });
    }
    for (const key of Object.keys(tool)) if (key !== "functionDeclarations" && key !== "function_declarations") otherTools.push(key);
  }
  const generation = asRecord(body.generationConfig ?? body.generation_config);
  return { system, turns, tools, otherTools, maxTokens: numberOrNull(generation.maxOutputTokens) };
}

export function viewRequest(protocol: WireProtocol, body: unknown): RequestView {
  const record = asRecord(body);
  if (protocol === "claude") return viewClaude(record);
  if (protocol === "openai-chat") return viewChat(record);
  if (protocol === "openai-responses") return viewResponses(record);
  return viewGemini(record);
}
