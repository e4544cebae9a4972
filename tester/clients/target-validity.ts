// Would the provider accept this request? Rules the providers enforce with a 400, checked on what the gateway
// sent upstream: token caps and thinking settings within what the model takes, sampling parameters a model
// refuses, tool names each API accepts. Model facts are from the providers' API docs; only models the client
// tests route to are listed (an unknown model gets the format's rules only).

import { asList, asRecord } from "./request-view";
import type { WireProtocol } from "./request-view";

type Json = Record<string, unknown>;

const OPENAI_EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh"]);
/** OpenAI reasoning models: `max_completion_tokens` only, no sampling parameters. */
const OPENAI_REASONING = /^(o\d|gpt-5)/;
/** OpenAI models without reasoning: a reasoning setting is a 400. */
const OPENAI_NON_REASONING = /^(gpt-4o|gpt-4\.1)/;
/** Anthropic models that refuse `temperature` and `top_p` together, and their output caps. */
const ANTHROPIC_MODELS: Record<string, { maxOutput: number; exclusiveSampling: boolean }> = {
  "claude-sonnet-4-5": { maxOutput: 64_000, exclusiveSampling: true },
  "claude-haiku-4-5": { maxOutput: 64_000, exclusiveSampling: true },
  "claude-opus-4-1": { maxOutput: 32_000, exclusiveSampling: true },
};
/** Gemini 2.5 thinking budget ranges (thinkingBudget; -1 = dynamic) and output caps. */
const GEMINI_MODELS: Record<string, { minBudget: number; maxBudget: number; maxOutput: number }> = {
  "gemini-2.5-pro": { minBudget: 128, maxBudget: 32_768, maxOutput: 65_536 },
  "gemini-2.5-flash": { minBudget: 0, maxBudget: 24_576, maxOutput: 65_536 },
};
/** Tool-name rules: OpenAI and Anthropic `^[a-zA-Z0-9_-]{1,64}$` / `{1,128}`, Gemini starts with a letter or `_`. */
const TOOL_NAME: Record<WireProtocol, RegExp> = {
  "openai-chat": /^[a-zA-Z0-9_-]{1,64}$/,
  "openai-responses": /^[a-zA-Z0-9_-]{1,64}$/,
  claude: /^[a-zA-Z0-9_-]{1,128}$/,
  gemini: /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/,
};

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function checkClaude(body: Json, model: string, problems: string[]): void {
  const facts = ANTHROPIC_MODELS[model];
  if (!isPositiveInteger(body.max_tokens)) problems.push(`max_tokens must be a positive integer (got ${JSON.stringify(body.max_tokens)})`);
  else if (facts && (body.max_tokens as number) > facts.maxOutput) problems.push(`max_tokens ${String(body.max_tokens)} exceeds ${model}'s ${facts.maxOutput}`);
  const thinking = asRecord(body.thinking);
  if (body.thinking !== undefined && !["enabled", "disabled", "adaptive"].includes(String(thinking.type))) problems.push(`thinking.type ${JSON.stringify(thinking.type)} is not enabled/disabled/adaptive`);
  if (thinking.type === "enabled") {
    const budget = thinking.budget_tokens;
    if (!isPositiveInteger(budget) || (budget as number) < 1024) problems.push(`thinking.budget_tokens must be an integer >= 1024 (got ${JSON.stringify(budget)})`);
    else if (typeof body.max_tokens === "number" && (budget as number) >= body.max_tokens) problems.push(`thinking.budget_tokens ${String(budget)} must be below max_tokens ${body.max_tokens}`);
  }
  if (thinking.type === "enabled" || thinking.type === "adaptive") {
    if (body.temperature !== undefined && body.temperature !== 1) problems.push(`temperature ${String(body.temperature)} is refused with thinking`);
    if (body.top_k !== undefined) problems.push("top_k is refused with thinking");
    if (typeof body.top_p === "number" && body.top_p < 0.95) problems.push(`top_p ${body.top_p} is refused with thinking (0.95–1 only)`);
  }
  if (facts?.exclusiveSampling && body.temperature !== undefined && body.top_p !== undefined) problems.push(`${model} refuses temperature and top_p together`);
  for (const message of asList(body.messages).map(asRecord)) {
    if (message.role !== "user" && message.role !== "assistant") problems.push(`message role ${JSON.stringify(message.role)} (Anthropic takes user/assistant)`);
  }
}

function checkOpenAiSampling(body: Json, model: string, effort: unknown, problems: string[]): void {
  if (effort !== undefined && !OPENAI_EFFORTS.has(String(effort))) problems.push(`reasoning effort ${JSON.stringify(effort)} is not one of ${[...OPENAI_EFFORTS].join("/")}`);
  if (effort !== undefined && OPENAI_NON_REASONING.test(model)) problems.push(`${model} does not reason: a reasoning effort is refused`);
  if (OPENAI_REASONING.test(model) && effort !== "none") {
    if (body.temperature !== undefined && body.temperature !== 1) problems.push(`${model} refuses temperature ${String(body.temperature)}`);
    if (body.top_p !== undefined && body.top_p !== 1) problems.push(`${model} refuses top_p ${String(body.top_p)}`);
  }
}

function checkChat(body: Json, model: string, problems: string[]): void {
  if (asList(body.messages).length === 0) problems.push("messages is empty");
  if (body.max_tokens !== undefined && OPENAI_REASONING.test(model)) problems.push(`${model} refuses max_tokens (max_completion_tokens only)`);
  for (const key of ["max_tokens", "max_completion_tokens"]) if (body[key] !== undefined && !isPositiveInteger(body[key])) problems.push(`${key} must be a positive integer`);
  checkOpenAiSampling(body, model, body.reasoning_effort, problems);
  for (const tool of asList(body.tools).map(asRecord)) if (tool.type !== "function") problems.push(`tool type ${JSON.stringify(tool.type)} in a Chat request`);
}

function checkResponses(body: Json, model: string, problems: string[]): void {
  if (body.max_output_tokens !== undefined && (!isPositiveInteger(body.max_output_tokens) || (body.max_output_tokens as number) < 16)) problems.push("max_output_tokens must be an integer >= 16");
  const reasoning = body.reasoning === undefined ? undefined : asRecord(body.reasoning);
  checkOpenAiSampling(body, model, reasoning?.effort, problems);
  if (reasoning !== undefined && OPENAI_NON_REASONING.test(model)) problems.push(`${model} does not reason: a reasoning object is refused`);
}

function checkGemini(body: Json, model: string, problems: string[]): void {
  const generation = asRecord(body.generationConfig);
  const thinking = asRecord(generation.thinkingConfig);
  const facts = GEMINI_MODELS[model];
  if (generation.maxOutputTokens !== undefined && !isPositiveInteger(generation.maxOutputTokens)) problems.push("maxOutputTokens must be a positive integer");
  if (facts && typeof generation.maxOutputTokens === "number" && generation.maxOutputTokens > facts.maxOutput) problems.push(`maxOutputTokens ${generation.maxOutputTokens} exceeds ${model}'s ${facts.maxOutput}`);
  if (thinking.thinkingBudget !== undefined && thinking.thinkingLevel !== undefined) problems.push("thinkingBudget and thinkingLevel together are refused");
  if (thinking.thinkingBudget !== undefined) {
    const budget = thinking.thinkingBudget;
    if (typeof budget !== "number" || !Number.isInteger(budget)) problems.push("thinkingBudget must be an integer");
    else if (facts && budget !== -1 && (budget < facts.minBudget || budget > facts.maxBudget)) problems.push(`thinkingBudget ${budget} is outside ${model}'s ${facts.minBudget}–${facts.maxBudget}`);
  }
  if (thinking.thinkingLevel !== undefined && /^gemini-2\./.test(model)) problems.push(`${model} does not take thinkingLevel`);
  for (const content of asList(body.contents).map(asRecord)) {
    if (content.role !== "user" && content.role !== "model") problems.push(`content role ${JSON.stringify(content.role)} (Gemini takes user/model)`);
  }
}

/** Why the provider would refuse this request (one the gateway translated); empty when it would take it. */
export function checkTargetValidity(protocol: WireProtocol, body: unknown, model: string): string[] {
  const record = asRecord(body);
  const problems: string[] = [];
  if (protocol === "claude") checkClaude(record, model, problems);
  if (protocol === "openai-chat") checkChat(record, model, problems);
  if (protocol === "openai-responses") checkResponses(record, model, problems);
  if (protocol === "gemini") checkGemini(record, model, problems);
  return problems;
}

/** Function-tool names the target API refuses. */
export function invalidToolNames(protocol: WireProtocol, names: string[]): string[] {
  return names.filter((name) => !TOOL_NAME[protocol].test(name));
}
