import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * Cohere through its Compatibility API, which takes OpenAI Chat Completions and embeddings requests (the native
 * v2 API is a different protocol).
 */
export const cohere: ProviderDefinition = {
  id: "cohere",
  displayName: "Cohere",
  tier: "api-key",
  apiFormat: "openai-chat",
  baseUrl: "https://api.cohere.ai/compatibility/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    temperatureRange: [0, 1],
    notes: [
      "reasoning_effort none|high maps to disabled|enabled thinking on the reasoning models; no token budget",
      "frequency_penalty, presence_penalty and top_p take 0-1 only",
      "Cohere lists the OpenAI parameters the Compatibility API does not support (docs.cohere.com/docs/compatibility-api, Unsupported parameters)",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: ["https://docs.cohere.com/docs/compatibility-api (base_url https://api.cohere.ai/compatibility/v1)"],
    models: [modelsDevSource("cohere"), "https://docs.cohere.com/docs/models"],
    prices: [modelsDevSource("cohere"), "https://cohere.com/pricing"],
    quirks: [
      "https://docs.cohere.com/docs/compatibility-api",
      "https://docs.cohere.com/docs/reasoning",
      "https://app.unpkg.com/@lobehub/chat@1.143.3/files/packages/model-runtime/src/providers/cohere/index.ts (0-1 penalty and top_p ranges)",
    ],
  },
  models: [
    {
      id: "command-a-plus-05-2026",
      name: "Command A Plus",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 64_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    {
      id: "command-a-03-2025",
      name: "Command A",
      type: "chat",
      contextWindow: 256_000,
      maxOutputTokens: 8_000,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    {
      id: "command-a-reasoning-08-2025",
      name: "Command A Reasoning",
      type: "chat",
      contextWindow: 256_000,
      maxOutputTokens: 32_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    {
      id: "command-a-vision-07-2025",
      name: "Command A Vision",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 8_000,
      capabilities: { tools: false, vision: true, reasoning: false },
      price: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    {
      id: "command-r-plus-08-2024",
      name: "Command R+",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 4_000,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 2.5, outputPerMillion: 10 },
    },
    {
      id: "command-r-08-2024",
      name: "Command R",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 4_000,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    },
    {
      id: "command-r7b-12-2024",
      name: "Command R7B",
      type: "chat",
      contextWindow: 128_000,
      maxOutputTokens: 4_000,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.0375, outputPerMillion: 0.15 },
    },
    {
      id: "embed-v4.0",
      name: "Embed 4",
      type: "embedding",
      contextWindow: 128_000,
      embeddingDimensions: 1_536,
      capabilities: { tools: false, vision: true, reasoning: false },
      price: { inputPerMillion: 0.12, outputPerMillion: 0 },
      sources: ["https://docs.oracle.com/ja-jp/iaas/Content/generative-ai/cohere-embed-4.htm (1,536 dimensions, 128K tokens)", "https://www.getmaxim.ai/bifrost/model-library/compare/cohere/embed-v4.0.md ($0.12 / 1M input tokens)"],
    },
  ],
};
