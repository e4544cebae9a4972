import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/** Copilot requests cost nothing per token: the plan is paid monthly (accounting/billing-mode.ts `subscription`). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;
const COPILOT_MODELS = modelsDevSource("github-copilot");

function model(id: string, name: string, contextWindow: number, maxOutputTokens: number, reasoning: boolean, efforts?: readonly string[], vision = true): ModelDefinition {
  return {
    id,
    name,
    type: "chat",
    contextWindow,
    maxOutputTokens,
    capabilities: { tools: true, vision, reasoning },
    ...(efforts !== undefined ? { reasoningEfforts: efforts } : {}),
    price: INCLUDED_IN_PLAN,
  };
}

const GPT_EFFORTS = ["none", "low", "medium", "high", "xhigh"] as const;

/**
 * GitHub Copilot (`gh/`): a Copilot plan (Free, Pro, Pro+, Business, Enterprise), connected with GitHub's
 * device flow (the VS Code Copilot client id) and called the way the VS Code Copilot Chat extension calls it
 * (upstream/executors/copilot.ts): OpenAI Chat Completions — or the Responses API for the models that only
 * serve it (the Codex models, GPT-5.4 and later) — on the plan's API host, with a Copilot token exchanged from
 * the GitHub token every ~25 minutes (upstream/executors/copilot-token.ts). Quota: the monthly premium-request
 * allowance, reset on the 1st (UTC), from every answer's `x-quota-snapshot-*` headers and the
 * `copilot_internal/user` endpoint (providers/quota/copilot-quota.ts). Models bill premium requests at the
 * multiplier GitHub lists per model; follow-ups inside an agent loop (`x-initiator: agent`) are not billed.
 *
 * The live list comes from `GET {api}/models` (each model's `supported_endpoints` and limits); the list below
 * is models.dev's Copilot catalog. Retired ids the issue named: `gpt-5` and `gemini-3-pro-preview` are no
 * longer served; Copilot spells Claude ids `claude-sonnet-4.5` (not `claude-4.5-sonnet`).
 *
 * Terms: sharing one Copilot seat among several people may break GitHub's terms of use; the user decides.
 */
export const githubCopilot: ProviderDefinition = {
  id: "gh",
  displayName: "GitHub Copilot",
  tier: "subscription",
  apiFormat: "openai-chat",
  baseUrl: "https://api.githubcopilot.com",
  auth: { kind: "bearer" },
  executor: "copilot",
  oauthFlow: "github-device",
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["reasoning_effort"],
    requiredHeaders: { "copilot-integration-id": "vscode-chat", "editor-version": "vscode/1.110.0", "editor-plugin-version": "copilot-chat/0.38.0" },
    notes: [
      "the API host is per plan (api.individual / api.business / api.enterprise .githubcopilot.com), named by the token exchange's endpoints.api",
      "the bearer is the short-lived Copilot token (~30 minutes, refresh_in ~25 minutes), exchanged from the GitHub OAuth token at api.github.com/copilot_internal/v2/token",
      "x-initiator: user bills a premium request, agent does not; copilot-vision-request: true is required for images",
      "Codex models and GPT-5.4+ only serve /responses (their supported_endpoints); other models serve /chat/completions",
      "Claude models stream thinking as reasoning_text with an opaque reasoning_opaque token (renamed to reasoning_content; the token cannot be replayed)",
      "premium-request quota: x-quota-snapshot-premium_models / -premium_interactions (ent, rem = percent remaining, rst), reset on the 1st",
    ],
  },
  alternateEndpoints: [
    {
      id: "individual",
      label: "Copilot Individual host",
      apiFormat: "openai-chat",
      baseUrl: "https://api.individual.githubcopilot.com",
      note: "what the token exchange names for Free/Pro/Pro+ seats",
    },
    {
      id: "business",
      label: "Copilot Business host",
      apiFormat: "openai-chat",
      baseUrl: "https://api.business.githubcopilot.com",
      note: "what the token exchange names for Business seats",
    },
    {
      id: "enterprise",
      label: "Copilot Enterprise host",
      apiFormat: "openai-chat",
      baseUrl: "https://api.enterprise.githubcopilot.com",
      note: "what the token exchange names for Enterprise seats",
    },
  ],
  sources: {
    api: [
      "microsoft/vscode-copilot-chat src/platform/authentication/common/copilotToken.ts (token envelope: token, expires_at, refresh_in, endpoints.api)",
      "ericc-ch/copilot-api src/lib/api-config.ts (copilotHeaders, githubHeaders, client id Iv1.b507a08c87ecfe98), src/services/copilot/create-chat-completions.ts (X-Initiator)",
      "decolua/9router open-sse/executors/github.js and open-sse/config/appConstants.js (header versions, /responses fallback)",
    ],
    models: [COPILOT_MODELS, "https://docs.github.com/en/copilot/reference/ai-models/supported-models"],
    prices: ["included in the Copilot plan: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: [
      "microsoft/vscode extensions/copilot/src/platform/chat/common/chatQuotaServiceImpl.ts (quota headers and the user endpoint)",
      "https://docs.github.com/en/copilot/concepts/billing/copilot-requests (premium requests, monthly reset)",
    ],
  },
  models: [
    model("gpt-4.1", "GPT-4.1", 128_000, 16_384, false),
    model("gpt-5-mini", "GPT-5 mini", 264_000, 64_000, true, ["low", "medium", "high"]),
    model("gpt-5.2", "GPT-5.2", 400_000, 128_000, true, undefined, false),
    model("gpt-5.2-codex", "GPT-5.2 Codex", 400_000, 128_000, true),
    model("gpt-5.3-codex", "GPT-5.3 Codex", 400_000, 128_000, true, ["low", "medium", "high", "xhigh"]),
    model("gpt-5.4", "GPT-5.4", 400_000, 128_000, true, GPT_EFFORTS),
    model("gpt-5.4-mini", "GPT-5.4 mini", 400_000, 128_000, true, GPT_EFFORTS),
    model("gpt-5.5", "GPT-5.5", 400_000, 128_000, true, GPT_EFFORTS),
    model("claude-haiku-4.5", "Claude Haiku 4.5", 200_000, 64_000, true),
    model("claude-sonnet-4.5", "Claude Sonnet 4.5", 200_000, 32_000, true),
    model("claude-sonnet-4.6", "Claude Sonnet 4.6", 200_000, 32_000, true, ["low", "medium", "high", "max"]),
    model("claude-opus-4.5", "Claude Opus 4.5", 200_000, 32_000, true),
    model("claude-opus-4.6", "Claude Opus 4.6", 200_000, 32_000, true, ["low", "medium", "high", "max"]),
    model("claude-opus-4.7", "Claude Opus 4.7", 200_000, 32_000, true, ["low", "medium", "high", "xhigh", "max"]),
    model("claude-opus-4.8", "Claude Opus 4.8", 200_000, 64_000, true, ["low", "medium", "high", "xhigh", "max"]),
    model("claude-sonnet-5", "Claude Sonnet 5", 1_000_000, 128_000, true, ["low", "medium", "high", "xhigh", "max"]),
    model("gemini-2.5-pro", "Gemini 2.5 Pro", 128_000, 64_000, true),
    model("gemini-3-flash-preview", "Gemini 3 Flash Preview", 128_000, 64_000, true, ["low", "medium", "high"]),
    model("gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview", 200_000, 64_000, true, ["low", "medium", "high"]),
    model("gemini-3.5-flash", "Gemini 3.5 Flash", 200_000, 64_000, true, ["minimal", "low", "medium", "high"]),
  ],
};
