import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * Groq: OpenAI-compatible, very fast inference of open-weight models, with a free tier.
 */
export const groq: ProviderDefinition = {
  id: "groq",
  displayName: "Groq",
  tier: "free",
  apiFormat: "openai-chat",
  baseUrl: "https://api.groq.com/openai/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_completion_tokens",
    rejectedFields: ["logprobs", "logit_bias", "top_logprobs", "messages[].name", "n>1"],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    notes: [
      "the listed fields are refused with 400; n, when sent, must be 1",
      "temperature 0 is converted to 1e-8",
      "reasoning_effort values are model-specific (gpt-oss: low/medium/high; qwen3: none/default); reasoning_format parsed|raw|hidden controls how reasoning is returned",
      "max_tokens is accepted as the deprecated alias of max_completion_tokens",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: ["https://console.groq.com/docs/openai (base_url https://api.groq.com/openai/v1)"],
    models: [modelsDevSource("groq"), "https://console.groq.com/docs/models"],
    prices: [modelsDevSource("groq"), "https://groq.com/pricing"],
    quirks: ["https://console.groq.com/docs/openai (Currently Unsupported OpenAI Features)", "https://console.groq.com/docs/reasoning"],
  },
  models: [
    {
      id: "llama-3.3-70b-versatile",
      name: "Llama 3.3 70B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 32_768,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.59, outputPerMillion: 0.79 },
    },
    {
      id: "llama-3.1-8b-instant",
      name: "Llama 3.1 8B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.05, outputPerMillion: 0.08 },
    },
    {
      id: "openai/gpt-oss-120b",
      name: "GPT OSS 120B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 0.15, outputPerMillion: 0.6, cacheReadPerMillion: 0.075 },
    },
    {
      id: "openai/gpt-oss-20b",
      name: "GPT OSS 20B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 0.075, outputPerMillion: 0.3, cacheReadPerMillion: 0.0375 },
    },
    {
      id: "qwen/qwen3-32b",
      name: "Qwen3-32B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 40_960,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["none", "default"],
      price: { inputPerMillion: 0.29, outputPerMillion: 0.59 },
    },
    {
      id: "meta-llama/llama-4-scout-17b-16e-instruct",
      name: "Llama 4 Scout 17B 16E",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: true, reasoning: false },
      price: { inputPerMillion: 0.11, outputPerMillion: 0.34 },
    },
  ],
};
