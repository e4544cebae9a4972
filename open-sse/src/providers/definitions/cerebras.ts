import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/**
 * Cerebras Inference: OpenAI-compatible, very fast, with a free tier; refuses several OpenAI sampling fields.
 */
export const cerebras: ProviderDefinition = {
  id: "cerebras",
  displayName: "Cerebras",
  tier: "free",
  apiFormat: "openai-chat",
  baseUrl: "https://api.cerebras.ai/v1",
  auth: { kind: "bearer" },
  quirks: {
    maxTokensField: "max_completion_tokens",
    rejectedFields: ["frequency_penalty", "presence_penalty", "logit_bias", "parallel_tool_calls", "service_tier"],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    notes: [
      "the listed fields are refused with 400",
      "tool_choice takes auto or none only, not a named function",
      "system messages act at the developer level on gpt-oss-120b",
      "reasoning_effort values depend on the model; reasoning_format and clear_thinking are Cerebras-only fields",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: ["https://inference-docs.cerebras.ai/resources/openai (base_url https://api.cerebras.ai/v1)"],
    models: [modelsDevSource("cerebras"), "https://inference-docs.cerebras.ai/models/overview"],
    prices: [modelsDevSource("cerebras"), "https://www.cerebras.ai/pricing"],
    quirks: [
      "https://inference-docs.cerebras.ai/resources/openai",
      "https://hexdocs.pm/req_llm/1.9.0/cerebras.html (Unsupported OpenAI Features: 400 on frequency_penalty, logit_bias, presence_penalty, parallel_tool_calls, service_tier)",
      "https://inference-docs.cerebras.ai/capabilities/reasoning",
    ],
  },
  models: [
    {
      id: "gpt-oss-120b",
      name: "GPT OSS 120B",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 40_960,
      capabilities: { tools: true, vision: false, reasoning: true },
      reasoningEfforts: ["low", "medium", "high"],
      price: { inputPerMillion: 0.35, outputPerMillion: 0.75 },
    },
    {
      id: "zai-glm-4.7",
      name: "Z.AI GLM-4.7",
      type: "chat",
      contextWindow: 131_072,
      maxOutputTokens: 40_960,
      capabilities: { tools: true, vision: false, reasoning: true },
      price: { inputPerMillion: 2.25, outputPerMillion: 2.75, cacheReadPerMillion: 0, cacheWritePerMillion: 0 },
    },
  ],
};
