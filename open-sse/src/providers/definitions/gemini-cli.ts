import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { gemini } from "./gemini";

/** Gemini CLI's own list of the models it may send (pinned commit). */
const GEMINI_CLI_MODELS =
  "https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/config/models.ts (VALID_GEMINI_MODELS)";
/** Code Assist requests cost nothing per token: the free tier, or the Code Assist licence (accounting/billing-mode.ts). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;

/** A model the Gemini API definition describes, served through Code Assist. */
function fromGemini(id: string): ModelDefinition {
  const model = gemini.models.find((candidate) => candidate.id === id);
  if (model === undefined) throw new Error(`gemini-cli: the gemini definition has no ${id}`);
  const { price: _price, longContextPrice: _longContext, ...facts } = model;
  return { ...facts, price: INCLUDED_IN_PLAN, sources: [GEMINI_CLI_MODELS] };
}

/**
 * Gemini CLI (`gc/`): a Google account's Gemini Code Assist entitlement — the free tier for personal accounts, or
 * a Code Assist Standard/Enterprise licence — logged in with Google OAuth as Gemini CLI's installed-app client
 * does, with the Code Assist project found (or onboarded) at login. Requests go to the Code Assist API
 * (`cloudcode-pa.googleapis.com/v1internal:generateContent` / `:streamGenerateContent?alt=sse`) in its
 * `{model, project, request}` envelope (upstream/executors/gemini-cli-executor.ts). Quota: per-day request limits
 * per model; a spent one answers 429 RESOURCE_EXHAUSTED with the reset in its error details
 * (providers/quota/google-quota-error.ts), and the `retrieveUserQuota` buckets say what is left.
 */
export const geminiCli: ProviderDefinition = {
  id: "gc",
  displayName: "Gemini CLI (Code Assist)",
  tier: "subscription",
  apiFormat: "gemini",
  baseUrl: "https://cloudcode-pa.googleapis.com",
  auth: { kind: "bearer" },
  executor: "gemini-cli",
  oauthFlow: "gemini-cli",
  quirks: {
    maxTokensField: "generationConfig.maxOutputTokens",
    rejectedFields: [],
    rejectsUnknownFields: true,
    reasoningControls: ["generationConfig.thinkingConfig"],
    notes: [
      "POST {base}/v1internal:generateContent or :streamGenerateContent?alt=sse with {model, project, user_prompt_id, request: <GenerateContentRequest>}",
      "every answer (and every SSE event) is wrapped as {response: <GenerateContentResponse>, traceId}",
      "the project comes from loadCodeAssist / onboardUser at login; without it the API refuses the call",
      "a spent quota is a 429 RESOURCE_EXHAUSTED whose ErrorInfo (QUOTA_EXHAUSTED, metadata.quotaResetTimeStamp) and RetryInfo say when it resets",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/code_assist/server.ts (endpoint, v1internal, alt=sse)",
      "https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/code_assist/converter.ts (request and response envelope)",
    ],
    models: [GEMINI_CLI_MODELS, "open-sse/src/providers/definitions/gemini.ts (context windows, output limits, capabilities)"],
    prices: ["free tier or Code Assist licence: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/utils/googleQuotaErrors.ts (quota error details)"],
  },
  models: [
    fromGemini("gemini-3.5-flash"),
    fromGemini("gemini-3.1-pro-preview"),
    fromGemini("gemini-3-pro-preview"),
    fromGemini("gemini-3-flash-preview"),
    fromGemini("gemini-3.1-flash-lite"),
    fromGemini("gemini-2.5-pro"),
    fromGemini("gemini-2.5-flash"),
    fromGemini("gemini-2.5-flash-lite"),
  ],
};
