import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { openai } from "./openai";

/** The registry of the models the Codex backend serves per plan (pinned commit). */
const CLIPROXY_MODELS =
  "https://github.com/router-for-me/CLIProxyAPI/blob/a7e3596b7e351d800e58ed29529fbca3d1c18737/internal/registry/models/models.json (providers codex-plus, codex-pro)";
/** Subscription requests cost nothing per token: the plan is paid monthly (accounting/billing-mode.ts). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;
const EFFORTS = ["low", "medium", "high", "xhigh"] as const;

/** A model the OpenAI API definition describes, as the Codex backend serves it (its own window when it differs). */
function fromOpenAi(id: string, contextWindow?: number): ModelDefinition {
  const model = openai.models.find((candidate) => candidate.id === id);
  if (model === undefined) throw new Error(`codex: the openai definition has no ${id}`);
  const { price: _price, longContextPrice: _longContext, ...facts } = model;
  return { ...facts, price: INCLUDED_IN_PLAN, ...(contextWindow !== undefined ? { contextWindow, sources: [CLIPROXY_MODELS] } : {}) };
}

function codexModel(id: string, name: string, contextWindow: number, vision: boolean, efforts: readonly string[] = EFFORTS): ModelDefinition {
  return {
    id,
    name,
    type: "chat",
    contextWindow,
    maxOutputTokens: 128_000,
    capabilities: { tools: true, vision, reasoning: true },
    reasoningEfforts: efforts,
    acceptsSampling: false,
    price: INCLUDED_IN_PLAN,
    sources: [CLIPROXY_MODELS],
  };
}

/**
 * Codex (`cx/`): a ChatGPT Plus/Pro/Team subscription, logged in with OpenAI's OAuth (PKCE, the Codex client's
 * localhost:1455 callback), and called on the Codex backend (`https://chatgpt.com/backend-api/codex/responses`)
 * the way the Codex CLI calls it (upstream/executors/codex-executor.ts): OpenAI Responses, always streamed and
 * never stored, with the `chatgpt-account-id` and `originator` headers. Usage is included in the plan within a
 * 5-hour and a weekly window, read from the `x-codex-primary-*` / `x-codex-secondary-*` headers
 * (providers/quota/codex-rate-limit-headers.ts).
 *
 * Terms: pooling several people's subscriptions may break OpenAI's terms of use; the user decides.
 */
export const codex: ProviderDefinition = {
  id: "cx",
  displayName: "Codex (ChatGPT Plus/Pro)",
  tier: "subscription",
  apiFormat: "openai-responses",
  baseUrl: "https://chatgpt.com/backend-api/codex",
  auth: { kind: "bearer" },
  executor: "codex",
  oauthFlow: "codex",
  quirks: {
    maxTokensField: "max_output_tokens",
    rejectedFields: ["max_output_tokens", "temperature", "top_p", "truncation", "user", "safety_identifier", "prompt_cache_retention", "stream_options", "metadata"],
    rejectsUnknownFields: true,
    reasoningControls: ["reasoning.effort"],
    requiredHeaders: { originator: "codex_cli_rs", "openai-beta": "responses=experimental" },
    notes: [
      "only streams (stream: true) and stores nothing (store: false): previous_response_id cannot work; non-streaming clients get the aggregated stream",
      "instructions must be present (an empty string will do); system input items must be developer items",
      "chatgpt-account-id (from the login's id token) selects the ChatGPT workspace",
      "quota: x-codex-primary-* (5 hours) and x-codex-secondary-* (weekly) headers: used percent, window minutes, reset-at epoch seconds",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "openai/codex codex-rs (ChatGPT backend base https://chatgpt.com/backend-api/codex, originator codex_cli_rs)",
      "router-for-me/CLIProxyAPI internal/runtime/executor/codex_executor_request.go, codex_executor_execute.go",
      "/work/shared/clients/CLI-TRAFFIC.md (Codex 0.169.0 request headers and body)",
    ],
    models: [CLIPROXY_MODELS, "open-sse/src/providers/definitions/openai.ts (GPT-5.x codex models)"],
    prices: ["included in the ChatGPT plan: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: [
      "router-for-me/CLIProxyAPI internal/translator/codex/openai/responses/codex_openai-responses_request.go (fields the backend refuses)",
      "openai/codex codex-rs/codex-api/src/rate_limits.rs (quota headers)",
    ],
  },
  models: [
    codexModel("gpt-5.6-sol", "GPT-5.6 Sol", 372_000, true, [...EFFORTS, "max"]),
    codexModel("gpt-5.6-terra", "GPT-5.6 Terra", 372_000, true, [...EFFORTS, "max"]),
    codexModel("gpt-5.6-luna", "GPT-5.6 Luna", 372_000, true, [...EFFORTS, "max"]),
    fromOpenAi("gpt-5.5", 272_000),
    fromOpenAi("gpt-5.4"),
    fromOpenAi("gpt-5.4-mini", 400_000),
    codexModel("gpt-5.3-codex-spark", "GPT-5.3 Codex Spark", 128_000, false),
    fromOpenAi("gpt-5.3-codex"),
    fromOpenAi("gpt-5.2-codex"),
    fromOpenAi("gpt-5.1-codex-max"),
    codexModel("codex-auto-review", "Codex Auto Review", 272_000, true),
  ],
};
