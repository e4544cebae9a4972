import type { ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/** Qwen Code's OAuth tier was free (accounting/billing-mode.ts `free`). */
const FREE = { inputPerMillion: 0, outputPerMillion: 0 } as const;

/**
 * Qwen Code (`qw/`): the free tier behind Qwen Code's OAuth login (device authorization with PKCE at
 * chat.qwen.ai), called over OpenAI Chat Completions on the host the token response names (`resource_url`,
 * typically `portal.qwen.ai`) with Qwen Code's DashScope headers (upstream/executors/qwen.ts).
 *
 * Status: Qwen discontinued the OAuth free tier on 2026-04-15 (QwenLM/qwen-code#3203; qwen-code PR #3210 hid
 * the login). The provider is kept for accounts that still hold access; new logins are refused upstream.
 */
export const qwen: ProviderDefinition = {
  id: "qw",
  displayName: "Qwen Code",
  tier: "free",
  apiFormat: "openai-chat",
  baseUrl: "https://portal.qwen.ai/v1",
  auth: { kind: "bearer" },
  executor: "qwen",
  oauthFlow: "qwen-device",
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: [],
    requiredHeaders: { "x-dashscope-authtype": "qwen-oauth", "x-dashscope-cachecontrol": "enable" },
    notes: [
      "the API host is the token response's resource_url, normalised to https://<host>/v1",
      "60 requests per minute and a daily request allowance per account (1 000/day until 2026-04-13, then 100/day); a spent allowance answers 403/429 insufficient_quota",
      "the OAuth free tier was discontinued on 2026-04-15",
    ],
  },
  alternateEndpoints: [
    {
      id: "dashscope",
      label: "DashScope compatible mode",
      apiFormat: "openai-chat",
      baseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1",
      note: "Qwen Code's default host when the token names none",
    },
  ],
  sources: {
    api: [
      "QwenLM/qwen-code packages/core/src/qwen/qwenContentGenerator.ts (getCurrentEndpoint) and core/openaiContentGenerator/provider/dashscope.ts (buildHeaders)",
      "QwenLM/qwen-code packages/core/src/qwen/qwenOAuth2.ts (OAuth endpoints, client id, scope)",
    ],
    models: [modelsDevSource("alibaba"), "decolua/9router open-sse/config/providerModels.js (qw: qwen3-coder-plus, qwen3-coder-flash)"],
    prices: ["free with the Qwen OAuth login: $0 per token, billing mode free (open-sse/src/accounting/billing-mode.ts)"],
    quirks: [
      "router-for-me/CLIProxyAPI internal/runtime/executor/qwen_executor.go @ 8fac29631^ (rate limit, quota error codes)",
      "https://github.com/QwenLM/qwen-code/pull/3210 (free tier discontinued)",
    ],
  },
  models: [
    {
      id: "qwen3-coder-plus",
      name: "Qwen3 Coder Plus",
      type: "chat",
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: FREE,
    },
    {
      id: "qwen3-coder-flash",
      name: "Qwen3 Coder Flash",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 65_536,
      capabilities: { tools: true, vision: false, reasoning: false },
      price: FREE,
    },
  ],
};
