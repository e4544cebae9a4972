import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * Moonshot AI's Kimi API: OpenAI-compatible Chat Completions; an Anthropic-compatible endpoint serves Claude Code.
 */
export const kimi: ProviderDefinition = {
  id: "kimi",
  displayName: "Moonshot Kimi",
  tier: "cheap",
  apiFormat: "openai-chat",
  baseUrl: "https://api.moonshot.ai/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["thinking.type"],
    notes: [
      "Kimi K2.5 and K2.6 toggle thinking with thinking: {type: enabled|disabled} (enabled by default); K2.7 Code only accepts enabled",
      "no reasoning effort or budget is exposed; reasoning arrives in reasoning_content and is replayed in tool loops",
      "models marked acceptsSampling: false run at fixed sampling settings",
      "the kimi-k2-*-preview, kimi-k2-thinking* and kimi-latest ids were discontinued in 2026",
    ],
  },
  alternateEndpoints: [
    {
      id: "anthropic",
      label: "Anthropic-compatible",
      apiFormat: "anthropic-messages",
      baseUrl: "https://api.moonshot.ai/anthropic",
      note: "the endpoint Moonshot documents for Claude Code and Anthropic SDK clients",
    },
    {
      id: "china",
      label: "Moonshot China",
      apiFormat: "openai-chat",
      baseUrl: "https://api.moonshot.cn/v1",
      note: "keys from platform.moonshot.cn",
    },
  ],
  sources: {
    api: [
      "https://platform.kimi.ai/docs/api/overview (OpenAI Chat Completions at https://api.moonshot.ai/v1; Anthropic at https://api.moonshot.ai/anthropic)",
      "https://metacpan.org/pod/Langertha::Engine::MoonshotAnthropic",
    ],
    models: [modelsDevSource("moonshotai"), "https://platform.kimi.ai/docs/models"],
    prices: [modelsDevSource("moonshotai"), "https://platform.kimi.ai/docs/pricing/chat"],
    quirks: ["https://platform.kimi.ai/docs/api/chat", "https://www.promptfoo.dev/docs/providers/moonshot/ (discontinued ids)"],
  },
  models: [
    {
      id: "kimi-k2.7-code",
      name: "Kimi K2.7 Code",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 0.95, outputPerMillion: 4, cacheReadPerMillion: 0.19 },
      acceptsSampling: false,
    },
    {
      id: "kimi-k2.7-code-highspeed",
      name: "Kimi K2.7 Code HighSpeed",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 1.9, outputPerMillion: 8, cacheReadPerMillion: 0.38 },
      acceptsSampling: false,
    },
    {
      id: "kimi-k2.6",
      name: "Kimi K2.6",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 0.95, outputPerMillion: 4, cacheReadPerMillion: 0.16 },
    },
    {
      id: "kimi-k2.5",
      name: "Kimi K2.5",
      type: "chat",
      contextWindow: 262_144,
      maxOutputTokens: 262_144,
      capabilities: { tools: true, vision: true, reasoning: true },
      price: { inputPerMillion: 0.6, outputPerMillion: 3, cacheReadPerMillion: 0.1 },
      acceptsSampling: false,
    },
  ],
};
