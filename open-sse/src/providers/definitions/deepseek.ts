import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * DeepSeek. OpenAI-compatible Chat Completions is the default; DeepSeek also serves an Anthropic-compatible
 * endpoint (`/anthropic`, x-api-key) that Claude Code can use directly. `deepseek-chat` and
 * `deepseek-reasoner` are the legacy names (non-thinking and thinking mode of the current Flash model).
 */
export const deepseek: ProviderDefinition = {
  id: "ds",
  displayName: "DeepSeek",
  tier: "cheap",
  apiFormat: "openai-chat",
  // DeepSeek documents https://api.deepseek.com for the OpenAI SDK and accepts /v1 as an alias of it.
  baseUrl: "https://api.deepseek.com/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: ["logprobs (thinking mode)", "top_logprobs (thinking mode)"],
    rejectsUnknownFields: false,
    reasoningControls: ["thinking.type", "reasoning_effort"],
    notes: [
      "thinking: {type: enabled|disabled} toggles thinking on the V4 models; reasoning_effort takes high|max (low/medium map to high)",
      "in thinking mode temperature, top_p and the penalties are accepted but have no effect",
      "thinking output arrives in reasoning_content and must be sent back during a tool-call loop",
    ],
  },
  alternateEndpoints: [
    {
      id: "anthropic",
      label: "Anthropic-compatible",
      apiFormat: "anthropic-messages",
      baseUrl: "https://api.deepseek.com/anthropic",
      note: "x-api-key; anthropic-version and anthropic-beta are ignored; claude-opus* names map to deepseek-v4-pro, other claude* names to the Flash model",
    },
  ],
  sources: {
    api: ["https://api-docs.deepseek.com/ (base_url https://api.deepseek.com, /v1 accepted)", "https://api-docs.deepseek.com/guides/anthropic_api"],
    models: [modelsDevSource("deepseek"), "https://api-docs.deepseek.com/quick_start/pricing"],
    prices: [modelsDevSource("deepseek"), "https://api-docs.deepseek.com/quick_start/pricing"],
    quirks: ["https://api-docs.deepseek.com/guides/thinking_mode", "https://api-docs.deepseek.com/guides/reasoning_model", "https://api-docs.deepseek.com/api/create-chat-completion"],
  },
  models: [
    {
      id: "deepseek-v4-pro",
      name: "DeepSeek V4 Pro",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["high", "max"],
      price: { inputPerMillion: 0.435, outputPerMillion: 0.87, cacheReadPerMillion: 0.003625 },
    },
    {
      id: "deepseek-v4-flash",
      name: "DeepSeek V4 Flash",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["high", "max"],
      price: { inputPerMillion: 0.14, outputPerMillion: 0.28, cacheReadPerMillion: 0.0028 },
    },
    {
      id: "deepseek-chat",
      name: "DeepSeek Chat",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: { inputPerMillion: 0.14, outputPerMillion: 0.28, cacheReadPerMillion: 0.0028 },
    },
    {
      id: "deepseek-reasoner",
      name: "DeepSeek Reasoner",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 384_000,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 0.14, outputPerMillion: 0.28, cacheReadPerMillion: 0.0028 },
    },
  ],
};
