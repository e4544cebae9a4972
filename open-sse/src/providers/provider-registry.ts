import { anthropic } from "./definitions/anthropic";
import { cerebras } from "./definitions/cerebras";
import { cohere } from "./definitions/cohere";
import { deepseek } from "./definitions/deepseek";
import { fireworks } from "./definitions/fireworks";
import { gemini } from "./definitions/gemini";
import { glm } from "./definitions/glm";
import { groq } from "./definitions/groq";
import { kimi } from "./definitions/kimi";
import { minimax } from "./definitions/minimax";
import { mistral } from "./definitions/mistral";
import { nebius } from "./definitions/nebius";
import { nvidia } from "./definitions/nvidia";
import { openai } from "./definitions/openai";
import { openrouter } from "./definitions/openrouter";
import { perplexity } from "./definitions/perplexity";
import { together } from "./definitions/together";
import { xai } from "./definitions/xai";
import type { ProviderDefinition } from "./provider-definition";

/**
 * Every API-key provider omniroute knows without configuration, one line each, in the order the dashboard
 * lists them. Adding an OpenAI-compatible provider is one file in definitions/ and one line here.
 */
export const providerDefinitions: readonly ProviderDefinition[] = [
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
];
