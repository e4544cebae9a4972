import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * MiniMax. Its Anthropic-compatible endpoint is the one MiniMax recommends for the M-series: thinking comes back
 * as thinking blocks that must be replayed in tool loops, where the OpenAI-compatible endpoint inlines it in
 * `<think>` tags. The OpenAI-compatible endpoint is listed as the alternative.
 */
export const minimax: ProviderDefinition = {
  id: "minimax",
  displayName: "MiniMax",
  tier: "cheap",
  apiFormat: "anthropic-messages",
  baseUrl: "https://api.minimax.io/anthropic",
  auth: { kind: "header", header: "x-api-key" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["thinking.type"],
    temperatureRange: [0, 1],
    notes: [
      "temperature must be in (0, 1]; 1 is recommended",
      "the Anthropic-compatible endpoint takes text and tool calls; image and document blocks are not supported there for the M2 models",
      "in multi-turn tool use the whole assistant content (thinking included) must be sent back",
      "MiniMax-M3 bills the whole request at the higher rate above 512K prompt tokens",
    ],
  },
  alternateEndpoints: [
    {
      id: "openai",
      label: "OpenAI-compatible",
      apiFormat: "openai-chat",
      baseUrl: "https://api.minimax.io/v1",
      note: "Chat Completions with Authorization: Bearer; thinking is inlined in content as <think>…</think>",
    },
    {
      id: "china",
      label: "MiniMax China",
      apiFormat: "anthropic-messages",
      baseUrl: "https://api.minimaxi.com/anthropic",
      note: "keys from platform.minimaxi.com",
    },
  ],
  sources: {
    api: [
      "https://platform.minimax.io/docs/api-reference/text-anthropic-api (ANTHROPIC_BASE_URL=https://api.minimax.io/anthropic, ANTHROPIC_API_KEY)",
      "https://www.developersdigest.tech/reference/api-compatibility/minimax (OpenAI-compatible https://api.minimax.io/v1)",
    ],
    models: [modelsDevSource("minimax"), "https://platform.minimax.io/docs/guides/models-intro"],
    prices: [modelsDevSource("minimax"), "https://platform.minimax.io/docs/guides/pricing"],
    quirks: ["https://platform.minimaxi.com/docs/api-reference/text-anthropic-api (supported parameters: temperature (0.0, 1.0], no image/document input)"],
  },
  models: [
    {
      id: "MiniMax-M3",
      name: "MiniMax-M3",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 1.2, cacheReadPerMillion: 0.06 },
      longContextPrice: { aboveInputTokens: 512_000, price: { inputPerMillion: 0.6, outputPerMillion: 2.4, cacheReadPerMillion: 0.12 } },
    },
    {
      id: "MiniMax-M2.7",
      name: "MiniMax-M2.7",
      type: "chat",
      contextWindow: 204_800,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 1.2, cacheReadPerMillion: 0.06, cacheWritePerMillion: 0.375 },
    },
    {
      id: "MiniMax-M2.7-highspeed",
      name: "MiniMax-M2.7-highspeed",
      type: "chat",
      contextWindow: 204_800,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.6, outputPerMillion: 2.4, cacheReadPerMillion: 0.06, cacheWritePerMillion: 0.375 },
    },
    {
      id: "MiniMax-M2.5",
      name: "MiniMax-M2.5",
      type: "chat",
      contextWindow: 204_800,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 1.2, cacheReadPerMillion: 0.03, cacheWritePerMillion: 0.375 },
    },
    {
      id: "MiniMax-M2.5-highspeed",
      name: "MiniMax-M2.5-highspeed",
      type: "chat",
      contextWindow: 204_800,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.6, outputPerMillion: 2.4, cacheReadPerMillion: 0.06, cacheWritePerMillion: 0.375 },
    },
    {
      id: "MiniMax-M2.1",
      name: "MiniMax-M2.1",
      type: "chat",
      contextWindow: 204_800,
      maxOutputTokens: 131_072,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 1.2 },
    },
    {
      id: "MiniMax-M2",
      name: "MiniMax-M2",
      type: "chat",
      contextWindow: 196_608,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.3, outputPerMillion: 1.2 },
    },
  ],
};
