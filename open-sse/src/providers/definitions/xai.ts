import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * xAI (Grok): OpenAI-compatible Chat Completions and Responses.
 */
export const xai: ProviderDefinition = {
  id: "xai",
  displayName: "xAI",
  tier: "api-key",
  apiFormat: "openai-chat",
  baseUrl: "https://api.x.ai/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: ["presence_penalty (reasoning models)", "frequency_penalty (reasoning models)", "stop (reasoning models)", "reasoning_effort (grok-4.20)"],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    notes: [
      "grok-4.3 takes reasoning_effort none|low|medium|high; the grok-4.20 models choose reasoning by model id and refuse reasoning_effort",
      "reasoning models refuse presence_penalty, frequency_penalty and stop",
      "reasoning arrives in reasoning_content when the model returns it; reasoning_tokens are reported in usage",
      "models marked longContextPrice bill the whole request at the higher rate above 200K prompt tokens",
    ],
  },
  alternateEndpoints: [
    {
      id: "responses",
      label: "Responses API",
      apiFormat: "openai-responses",
      baseUrl: "https://api.x.ai/v1",
      note: "POST /v1/responses with the same key (reasoning.effort)",
    },
  ],
  sources: {
    api: [
      "https://docs.x.ai/docs/api-reference",
      "https://github.com/vercel/ai/blob/main/packages/xai/src/xai-chat-language-model.ts (POST https://api.x.ai/v1/chat/completions with max_tokens)",
    ],
    models: [modelsDevSource("xai"), "https://docs.x.ai/docs/models"],
    prices: [modelsDevSource("xai"), "https://docs.x.ai/docs/models"],
    quirks: ["https://docs.x.ai/docs/guides/reasoning", "https://github.com/vercel/ai/releases/tag/@ai-sdk%2Fxai@4.0.8 (grok-4.20 refuses reasoning effort)"],
  },
  models: [
    {
      id: "grok-4.3",
      name: "Grok 4.3",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 30_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      reasoningEfforts: ["none", "low", "medium", "high"],
      price: { inputPerMillion: 1.25, outputPerMillion: 2.5, cacheReadPerMillion: 0.2 },
      longContextPrice: { aboveInputTokens: 200_000, price: { inputPerMillion: 2.5, outputPerMillion: 5, cacheReadPerMillion: 0.4 } },
    },
    {
      id: "grok-4.20-0309-reasoning",
      name: "Grok 4.20 (Reasoning)",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 30_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 1.25, outputPerMillion: 2.5, cacheReadPerMillion: 0.2 },
      longContextPrice: { aboveInputTokens: 200_000, price: { inputPerMillion: 2.5, outputPerMillion: 5, cacheReadPerMillion: 0.4 } },
    },
    {
      id: "grok-4.20-0309-non-reasoning",
      name: "Grok 4.20 (Non-Reasoning)",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 30_000,
      capabilities: { tools: true, vision: true, reasoning: false },
      price: { inputPerMillion: 1.25, outputPerMillion: 2.5, cacheReadPerMillion: 0.2 },
      longContextPrice: { aboveInputTokens: 200_000, price: { inputPerMillion: 2.5, outputPerMillion: 5, cacheReadPerMillion: 0.4 } },
    },
    {
      id: "grok-build-0.1",
      name: "Grok Build 0.1",
      type: "chat",
      contextWindow: 256_000,
      maxOutputTokens: 256_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 1, outputPerMillion: 2, cacheReadPerMillion: 0.2 },
      longContextPrice: { aboveInputTokens: 200_000, price: { inputPerMillion: 2, outputPerMillion: 4, cacheReadPerMillion: 0.4 } },
    },
    {
      id: "grok-imagine-image",
      name: "Grok Imagine Image",
      type: "image",
      capabilities: { tools: false, vision: true, reasoning: false },
      price: { inputPerMillion: 0, outputPerMillion: 0, perImage: 0.02 },
      notes: "POST /v1/images/generations: n 1–10, response_format url|b64_json, aspect_ratio and resolution (1k|2k); size, quality and style are refused",
      sources: [
        "https://docs.x.ai/developers/model-capabilities/images (flat per-image pricing, at most 10 images per request)",
        "https://docs.x.ai/developers/model-capabilities/images/generation",
        "https://docs.crazyrouter.com/en/images/grok ($0.02 per image, the official price; size/quality/style not supported)",
      ],
    },
    {
      id: "grok-imagine-image-quality",
      name: "Grok Imagine Image Quality",
      type: "image",
      capabilities: { tools: false, vision: true, reasoning: false },
      price: { inputPerMillion: 0, outputPerMillion: 0, perImage: 0.05 },
      notes: "the higher-quality variant (up to 2K); same request fields as grok-imagine-image",
      sources: ["https://docs.x.ai/developers/model-capabilities/images", "https://www.atlascloud.ai/blog/guides/xai-grok-api-image-generation (USD 0.05 per output image)"],
    },
  ],
};
