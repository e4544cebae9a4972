import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/** Kiro's free tier (AWS Builder ID) costs nothing per token (accounting/billing-mode.ts `free`). */
const FREE = { inputPerMillion: 0, outputPerMillion: 0 } as const;
const AICLIENT_KIRO = "justlovemaki/AIClient-2-API src/providers/claude/claude-kiro.js (FULL_MODEL_MAPPING; 200K context: TOTAL_CONTEXT_TOKENS)";

function claude(id: string, name: string, maxOutputTokens: number): ModelDefinition {
  return {
    id,
    name,
    type: "chat",
    // Kiro serves these Claude models with a 200K window whatever the first-party API offers.
    contextWindow: 200_000,
    maxOutputTokens,
    capabilities: { tools: true, vision: true, reasoning: true },
    price: FREE,
    sources: [AICLIENT_KIRO, modelsDevSource("anthropic")],
  };
}

/**
 * Kiro (`kr/`): the Kiro IDE's Claude models, logged in with AWS Builder ID (AWS SSO OIDC: client registration
 * and device authorization; or the Kiro social login), called on CodeWhisperer's `GenerateAssistantResponse`
 * API — its own `conversationState` request and AWS binary event-stream answer (upstream/executors/kiro.ts,
 * kiro/*). Model ids are Kiro's own (`claude-sonnet-4.5`, with dots).
 *
 * Limits the API does not let a client set: max output tokens, temperature, stop sequences (the model decides);
 * tool descriptions at most 10 240 bytes; images base64 png/jpeg/gif/webp only. Quota: Kiro's monthly credits
 * (`GET {host}/getUsageLimits?origin=AI_EDITOR&resourceType=AGENTIC_REQUEST`), not read yet.
 *
 * Terms: pooling Kiro accounts may break AWS's terms of use; the user decides.
 */
export const kiro: ProviderDefinition = {
  id: "kr",
  displayName: "Kiro (AWS)",
  tier: "free",
  apiFormat: "openai-chat",
  baseUrl: "https://q.us-east-1.amazonaws.com",
  auth: { kind: "bearer" },
  executor: "kiro",
  oauthFlow: "kiro-builder-id",
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: true,
    reasoningControls: [],
    requiredHeaders: { "x-amzn-kiro-agent-mode": "vibe", "x-amzn-codewhisperer-optout": "true" },
    notes: [
      "not a codec endpoint: POST /generateAssistantResponse with CodeWhisperer's conversationState JSON; the answer is AWS event-stream frames (application/vnd.amazon.eventstream)",
      "history must alternate user/assistant turns and end on a user turn; empty user content is refused",
      "no system field: the system prompt opens the first user turn",
      "Builder ID tokens use q.us-east-1.amazonaws.com; social-login tokens runtime.us-east-1.kiro.dev (set as the session's apiEndpoint)",
      "usage comes from metadataEvent.tokenUsage; meteringEvent counts credits",
    ],
  },
  alternateEndpoints: [
    {
      id: "social",
      label: "Kiro runtime (social login)",
      apiFormat: "openai-chat",
      baseUrl: "https://runtime.us-east-1.kiro.dev",
      note: "the host Kiro IDE 0.12+ uses for Google/GitHub logins (AIClient-2-API BASE_RUNTIME_URL)",
    },
    {
      id: "codewhisperer",
      label: "CodeWhisperer (legacy host)",
      apiFormat: "openai-chat",
      baseUrl: "https://codewhisperer.us-east-1.amazonaws.com",
      note: "older Kiro builds and most gateways; same body and framing",
    },
  ],
  sources: {
    api: [
      "aws/amazon-q-developer-cli crates/amzn-codewhisperer-streaming-client (ConversationState, ChatResponseStream, event_stream_serde.rs)",
      "justlovemaki/AIClient-2-API src/providers/claude/claude-kiro.js (hosts, Kiro IDE headers, request conventions)",
      "router-for-me/CLIProxyAPIPlus internal/runtime/executor/kiro_executor.go (endpoints, model ids, event handling)",
    ],
    models: [AICLIENT_KIRO, "router-for-me/CLIProxyAPIPlus kiro_executor.go mapModelToKiro", "decolua/9router open-sse/config/providerModels.js (kr)"],
    prices: ["free with an AWS Builder ID (Kiro Free plan credits): $0 per token, billing mode free (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["router-for-me/CLIProxyAPIPlus kiro_executor.go (10 240-byte tool descriptions, non-empty content, duplicate toolUseIds refused)"],
  },
  models: [
    claude("claude-sonnet-4.5", "Claude Sonnet 4.5", 64_000),
    claude("claude-haiku-4.5", "Claude Haiku 4.5", 64_000),
    claude("claude-sonnet-4.6", "Claude Sonnet 4.6", 64_000),
    claude("claude-opus-4.5", "Claude Opus 4.5", 64_000),
  ],
};
