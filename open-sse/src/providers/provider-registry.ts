import { anthropic } from "./definitions/anthropic";
import { antigravity } from "./definitions/antigravity";
import { cerebras } from "./definitions/cerebras";
import { claudeCode } from "./definitions/claude-code";
import { codex } from "./definitions/codex";
import { cohere } from "./definitions/cohere";
import { cursor } from "./definitions/cursor";
import { deepseek } from "./definitions/deepseek";
import { fireworks } from "./definitions/fireworks";
import { gemini } from "./definitions/gemini";
import { geminiCli } from "./definitions/gemini-cli";
import { githubCopilot } from "./definitions/github-copilot";
import { glm } from "./definitions/glm";
import { groq } from "./definitions/groq";
import { iflow } from "./definitions/iflow";
import { kimi } from "./definitions/kimi";
import { kiro } from "./definitions/kiro";
import { minimax } from "./definitions/minimax";
import { mistral } from "./definitions/mistral";
import { nebius } from "./definitions/nebius";
import { nvidia } from "./definitions/nvidia";
import { openai } from "./definitions/openai";
import { openrouter } from "./definitions/openrouter";
import { perplexity } from "./definitions/perplexity";
import { qwen } from "./definitions/qwen";
import { together } from "./definitions/together";
import { xai } from "./definitions/xai";
import type { ProviderDefinition } from "./provider-definition";

/**
 * Every provider omniroute knows without configuration, one line each, in the order the dashboard lists them:
 * the subscriptions first (the first tier of a combo), then the API-key providers. Adding an OpenAI-compatible
 * provider is one file in definitions/ and one line here.
 */
export const providerDefinitions: readonly ProviderDefinition[] = [
  claudeCode,
  codex,
  geminiCli,
  antigravity,
  githubCopilot,
  cursor,
  openai,
  anthropic,
  gemini,
  openrouter,
  deepseek,
  groq,
  xai,
  mistral,
  perplexity,
  together,
  fireworks,
  cerebras,
  cohere,
  nvidia,
  nebius,
  glm,
  minimax,
  kimi,
  iflow,
  qwen,
  kiro,
];
