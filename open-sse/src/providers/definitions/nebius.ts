import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * Nebius Token Factory (formerly Nebius AI Studio): OpenAI-compatible serving of open-weight models;
 * `-fast` variants trade price for latency.
 */
export const nebius: ProviderDefinition = {
  id: "nebius",
  displayName: "Nebius",
  tier: "cheap",
  apiFormat: "openai-chat",
  baseUrl: "https://api.tokenfactory.nebius.com/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    notes: [
      "the generic schema takes reasoning_effort low|medium|high; additional properties pass through to the model, so model-native thinking fields work too",
    ],
  },
  alternateEndpoints: [
    {
      id: "studio",
      label: "Nebius AI Studio (former host)",
      apiFormat: "openai-chat",
      baseUrl: "https://api.studio.nebius.com/v1",
      note: "the pre-rename host of the same API, for keys and scripts that still use it",
    },
  ],
  sources: {
    api: ["https://docs.tokenfactory.nebius.com/api-reference/introduction (base_url https://api.tokenfactory.nebius.com/v1/, Authorization: Bearer)"],
    models: [modelsDevSource("nebius"), "https://docs.tokenfactory.nebius.com/ai-models-inference/overview"],
    prices: [modelsDevSource("nebius"), "https://tokenfactory.nebius.com/prices"],
    quirks: ["https://docs.tokenfactory.nebius.com/api-reference/inference/create-chat-completion"],
  },
  models: [
    {
      id: "meta-llama/Llama-3.3-70B-Instruct",
      name: "Llama-3.3-70B-Instruct",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.13, outputPerMillion: 0.4, cacheReadPerMillion: 0.013, cacheWritePerMillion: 0.16 },
    },
    {
      id: "deepseek-ai/DeepSeek-V4-Pro",
      name: "DeepSeek V4 Pro",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 1.75, outputPerMillion: 3.5, cacheReadPerMillion: 0.15 },
    },
    {
      id: "deepseek-ai/DeepSeek-V3.2",
      name: "DeepSeek-V3.2",
      type: "chat",
      contextWindow: 163_000,
      maxOutputTokens: 16_384,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 0.45, cacheReadPerMillion: 0.03, cacheWritePerMillion: 0.375 },
    },
    {
      id: "Qwen/Qwen3-235B-A22B-Instruct-2507",
      name: "Qwen3 235B A22B Instruct 2507",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.2, outputPerMillion: 0.6 },
    },
    {
      id: "Qwen/Qwen3.5-397B-A17B",
      name: "Qwen3.5-397B-A17B",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.6, outputPerMillion: 3.6, cacheReadPerMillion: 0.06, cacheWritePerMillion: 0.75 },
    },
    {
      id: "moonshotai/Kimi-K2.5",
      name: "Kimi-K2.5",
      type: "chat",
      contextWindow: 256_000,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 0.5, outputPerMillion: 2.5, cacheReadPerMillion: 0.05, cacheWritePerMillion: 0.625 },
    },
    {
      id: "zai-org/GLM-5.2",
      name: "GLM-5.2",
      type: "chat",
      contextWindow: 432_000,
      maxOutputTokens: 432_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 1.4, outputPerMillion: 4.4 },
    },
    {
      id: "openai/gpt-oss-120b",
      name: "gpt-oss-120b",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 0.15, outputPerMillion: 0.6, cacheReadPerMillion: 0.015, cacheWritePerMillion: 0.18 },
    },
    {
      id: "Qwen/Qwen3-Embedding-8B",
      name: "Qwen3-Embedding-8B",
      type: "embedding",
      contextWindow: 32_768,
      capabilities: { tools: false, vision: false, reasoning: false },
      price: { inputPerMillion: 0.01, outputPerMillion: 0 },
    },
  ],
};
