import type { ModelDefinition, ProviderDefinition } from "../provider-definition";

/** The registry of the models Antigravity serves, as its model list reports them (pinned commit). */
const CLIPROXY_MODELS =
  "https://github.com/router-for-me/CLIProxyAPI/blob/a7e3596b7e351d800e58ed29529fbca3d1c18737/internal/registry/models/models.json (provider antigravity)";
/** Antigravity requests cost nothing per token: the IDE's entitlement (accounting/billing-mode.ts). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;
const GEMINI_LEVELS = ["minimal", "low", "medium", "high"] as const;
const PRO_LEVELS = ["low", "medium", "high"] as const;

function model(id: string, name: string, contextWindow: number, maxOutputTokens: number, vision: boolean, efforts?: readonly string[]): ModelDefinition {
  return {
    id,
    name,
    type: "chat",
    contextWindow,
    maxOutputTokens,
    capabilities: { tools: true, vision, reasoning: true },
    ...(efforts !== undefined ? { reasoningEfforts: efforts } : {}),
    price: INCLUDED_IN_PLAN,
  };
}

/**
 * Antigravity (`ag/`): Google's Antigravity IDE entitlement, logged in with Google OAuth as the Antigravity client
 * (its own client id), with the Code Assist project from `loadCodeAssist`. It serves Gemini models and Claude
 * models (and GPT-OSS) through a Code Assist-style endpoint, `daily-cloudcode-pa.googleapis.com/v1internal:
 * streamGenerateContent?alt=sse`, in an envelope of its own (upstream/executors/antigravity-executor.ts). The model
 * ids are Antigravity's (an effort level in the id: `-high`, `-low`), not the public APIs'. Quota: a 429
 * RESOURCE_EXHAUSTED names the spent model quota and its reset in the error details.
 *
 * Terms: Antigravity's entitlement is meant for the Antigravity IDE; using it elsewhere may break Google's terms;
 * the user decides.
 */
export const antigravity: ProviderDefinition = {
  id: "ag",
  displayName: "Antigravity",
  tier: "subscription",
  apiFormat: "gemini",
  baseUrl: "https://daily-cloudcode-pa.googleapis.com",
  auth: { kind: "bearer" },
  executor: "antigravity",
  oauthFlow: "antigravity",
  quirks: {
    maxTokensField: "generationConfig.maxOutputTokens",
    rejectedFields: [],
    rejectsUnknownFields: true,
    reasoningControls: ["generationConfig.thinkingConfig"],
    notes: [
      "POST {base}/v1internal:streamGenerateContent?alt=sse with {model, project, userAgent: \"antigravity\", requestType: \"agent\", requestId, request: {…, sessionId}}",
      "answers are wrapped as {response: <GenerateContentResponse>}; Claude and Gemini 3 Pro models are only asked for streams",
      "tool schemas go as parameters in Antigravity's JSON Schema subset; Claude models need VALIDATED function calling and at least one property per tool",
      "production endpoint https://cloudcode-pa.googleapis.com also serves it (set the account's base URL to use it)",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor.go, antigravity_executor_request.go (base URLs, paths, envelope, user agent)",
      "decolua/9router open-sse/executors/antigravity.js (envelope, headers)",
    ],
    models: [CLIPROXY_MODELS],
    prices: ["included in the Antigravity entitlement: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["router-for-me/CLIProxyAPI internal/util/gemini_schema.go (CleanJSONSchemaForAntigravityTool)"],
  },
  models: [
    model("claude-opus-4-6-thinking", "Claude Opus 4.6 (Thinking)", 200_000, 64_000, true),
    model("claude-sonnet-4-6", "Claude Sonnet 4.6 (Thinking)", 200_000, 64_000, true),
    model("gemini-3.7-flash-high", "Gemini 3.7 Flash", 1_048_576, 65_536, true, GEMINI_LEVELS),
    model("gemini-3.6-flash-high", "Gemini 3.6 Flash", 1_048_576, 65_536, true, GEMINI_LEVELS),
    model("gemini-3-flash-agent", "Gemini 3.5 Flash (High)", 1_048_576, 65_536, true, GEMINI_LEVELS),
    model("gemini-3.5-flash-low", "Gemini 3.5 Flash (Medium)", 1_048_576, 65_535, true, PRO_LEVELS),
    model("gemini-3.5-flash-extra-low", "Gemini 3.5 Flash (Low)", 1_048_576, 65_535, true, PRO_LEVELS),
    model("gemini-3-flash", "Gemini 3 Flash", 1_048_576, 65_536, true, GEMINI_LEVELS),
    model("gemini-pro-agent", "Gemini 3.1 Pro (High)", 1_048_576, 65_535, true, PRO_LEVELS),
    model("gemini-3.1-pro-low", "Gemini 3.1 Pro (Low)", 1_048_576, 65_535, true, PRO_LEVELS),
    model("gemini-3.1-flash-lite", "Gemini 3.1 Flash Lite", 1_048_576, 65_535, true, GEMINI_LEVELS),
    { ...model("gpt-oss-120b-medium", "GPT-OSS 120B (Medium)", 114_000, 32_768, false), notes: "text only" },
  ],
};
