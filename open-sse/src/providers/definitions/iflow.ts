import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { modelsDevSource } from "./models-dev-source";

/** iFlow's models were free to use with the API key its login yields (accounting/billing-mode.ts `free`). */
const FREE = { inputPerMillion: 0, outputPerMillion: 0 } as const;

function model(id: string, name: string, contextWindow: number, maxOutputTokens: number, reasoning: boolean, sources: readonly string[]): ModelDefinition {
  return { id, name, type: "chat", contextWindow, maxOutputTokens, capabilities: { tools: true, vision: false, reasoning }, price: FREE, sources };
}

const IFLOW_MODELS = modelsDevSource("iflowcn");
const CLIPROXY_IFLOW =
  "router-for-me/CLIProxyAPI internal/registry/models/models.json @ f5dc6483d^ (provider iflow: qwen3-coder-plus, kimi-k2, deepseek-r1, deepseek-v3.2, glm-4.6, qwen3-max, …)";
const NINEROUTER_IFLOW = "decolua/9router open-sse/config/providerModels.js (if: glm-4.7)";

/**
 * iFlow (`if/`): iFlow CLI's free models (Alibaba's iFlow platform), reached with the API key its OAuth login
 * yields, over OpenAI Chat Completions at `https://apis.iflow.cn/v1` with iFlow CLI's headers and request
 * signature (upstream/executors/iflow.ts). Reasoning models answer in `reasoning_content` or an inline
 * `<think>` block; the OpenAI Chat codec splits both.
 *
 * Status: iFlow CLI stopped service on 2026-04-17 (announcement at cli.iflow.cn; router-for-me/CLIProxyAPI
 * issue #2561). The provider is kept for API keys the platform still honours; new logins may fail.
 */
export const iflow: ProviderDefinition = {
  id: "if",
  displayName: "iFlow",
  tier: "free",
  apiFormat: "openai-chat",
  baseUrl: "https://apis.iflow.cn/v1",
  auth: { kind: "bearer" },
  executor: "iflow",
  oauthFlow: "iflow",
  quirks: {
    maxTokensField: "max_tokens",
    rejectedFields: [],
    rejectsUnknownFields: false,
    reasoningControls: ["chat_template_kwargs"],
    requiredHeaders: { "user-agent": "iFlow-Cli" },
    notes: [
      "the bearer is the API key from the login's user info (getUserInfo → apiKey), not the OAuth access token",
      "each call carries session-id, x-iflow-timestamp and x-iflow-signature (hex HMAC-SHA256 keyed with the API key over iFlow-Cli:<session-id>:<timestamp>)",
      "GLM and Qwen thinking models toggle thinking with chat_template_kwargs.enable_thinking; MiniMax with reasoning_split",
      "reasoning arrives in reasoning_content or inline <think>…</think>",
      "iFlow CLI stopped service on 2026-04-17",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "router-for-me/CLIProxyAPI internal/runtime/executor/iflow_executor.go and internal/auth/iflow/iflow_auth.go @ f5dc6483d^ (base URL, headers, signature, login)",
      "router-for-me/CLIProxyAPIPlus internal/auth/iflow/iflow_auth.go (OAuth endpoints, client id)",
    ],
    models: [IFLOW_MODELS, CLIPROXY_IFLOW, NINEROUTER_IFLOW],
    prices: ["free with the iFlow login's API key: $0 per token, billing mode free (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["router-for-me/CLIProxyAPI internal/thinking/provider/iflow/apply.go @ f5dc6483d^ (thinking toggles)", "https://github.com/router-for-me/CLIProxyAPI/issues/2561 (shutdown)"],
  },
  models: [
    model("qwen3-coder-plus", "Qwen3-Coder-Plus", 256_000, 64_000, false, [IFLOW_MODELS]),
    model("kimi-k2-thinking", "Kimi K2 Thinking", 262_144, 262_144, true, [modelsDevSource("moonshotai"), "the issue's iFlow model list"]),
    model("glm-4.7", "GLM-4.7", 204_800, 131_072, true, [modelsDevSource("zai"), NINEROUTER_IFLOW]),
    model("minimax-m2", "MiniMax-M2", 196_608, 128_000, true, [modelsDevSource("minimax"), "the issue's iFlow model list"]),
    model("deepseek-r1", "DeepSeek-R1", 128_000, 32_000, true, [IFLOW_MODELS]),
    model("deepseek-v3.2", "DeepSeek-V3.2-Exp", 128_000, 64_000, false, [IFLOW_MODELS]),
    model("qwen3-max", "Qwen3-Max", 256_000, 32_000, false, [IFLOW_MODELS]),
    model("kimi-k2-0905", "Kimi-K2-0905", 256_000, 64_000, false, [IFLOW_MODELS]),
  ],
};
