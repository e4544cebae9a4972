import type { ModelDefinition, ProviderDefinition } from "../provider-definition";
import { anthropic } from "./anthropic";

/** The registry that lists the subscription's models as Claude Code serves them (pinned commit). */
const CLIPROXY_MODELS =
  "https://github.com/router-for-me/CLIProxyAPI/blob/a7e3596b7e351d800e58ed29529fbca3d1c18737/internal/registry/models/models.json (provider claude)";
/** Subscription requests cost nothing per token: the plan is paid monthly (accounting/billing-mode.ts). */
const INCLUDED_IN_PLAN = { inputPerMillion: 0, outputPerMillion: 0 } as const;

/** A model the Anthropic API definition already describes, served through the subscription under `id`. */
function fromAnthropic(id: string, base: string = id): ModelDefinition {
  const model = anthropic.models.find((candidate) => candidate.id === base);
  if (model === undefined) throw new Error(`claude-code: the anthropic definition has no ${base}`);
  const { price: _price, longContextPrice: _longContext, ...facts } = model;
  return { ...facts, id, price: INCLUDED_IN_PLAN, ...(id !== base ? { notes: `the dated snapshot of ${base}` } : {}) };
}

/**
 * Claude Code (`cc/`): a Claude Pro or Max subscription, logged in with Anthropic's OAuth (PKCE) as Claude Code
 * logs in, and called on the Messages API the way Claude Code calls it (upstream/executors/claude-code-executor.ts:
 * OAuth bearer, `claude-code-20250219` + `oauth-2025-04-20` betas, the Claude Code identity first in the system
 * prompt). Usage is included in the plan within its 5-hour and weekly windows, read from the
 * `anthropic-ratelimit-unified-*` headers of every answer (providers/quota/claude-unified-headers.ts).
 *
 * Terms: pooling several people's subscriptions, or using one outside Claude Code, may break Anthropic's terms of
 * use; the user decides.
 */
export const claudeCode: ProviderDefinition = {
  id: "cc",
  displayName: "Claude Code (Pro/Max)",
  tier: "subscription",
  apiFormat: "anthropic-messages",
  baseUrl: "https://api.anthropic.com",
  auth: { kind: "bearer" },
  executor: "claude-code",
  oauthFlow: "claude-code",
  quirks: {
    ...anthropic.quirks,
    requiredHeaders: { "anthropic-version": "2023-06-01", "anthropic-beta": "claude-code-20250219,oauth-2025-04-20", "x-app": "cli" },
    notes: [
      // The API's own rules apply; its price notes do not (usage is included in the plan).
      ...anthropic.quirks.notes.filter((note) => !/\bcost\b/.test(note)),
      "an OAuth token needs the oauth-2025-04-20 beta, and for every model but Haiku a system prompt that begins with \"You are Claude Code, Anthropic's official CLI for Claude.\" (else 400)",
      "quota: a 5-hour and a weekly window (some models also a weekly cap of their own), reported as 0..1 utilization in anthropic-ratelimit-unified-* headers",
    ],
  },
  alternateEndpoints: [],
  sources: {
    api: [
      "https://github.com/anthropics/claude-code/issues/40515 (OAuth tokens: Bearer, claude-code-20250219,oauth-2025-04-20, system prompt identity)",
      "router-for-me/CLIProxyAPI internal/runtime/executor/claude_executor_request.go (beta order, x-app, user agent)",
      "/work/shared/clients/CLI-TRAFFIC.md (Claude Code 2.1.197: POST /v1/messages?beta=true, headers)",
    ],
    models: [CLIPROXY_MODELS, "open-sse/src/providers/definitions/anthropic.ts (context windows, output limits, capabilities)"],
    prices: ["included in the Claude Pro/Max plan: $0 per token, billing mode subscription (open-sse/src/accounting/billing-mode.ts)"],
    quirks: ["https://github.com/anomalyco/opencode/issues/417 (\"This credential is only authorized for use with Claude Code\")", "router-for-me/CLIProxyAPI internal/runtime/executor/helps/claude_ratelimit.go"],
  },
  models: [
    {
      id: "claude-opus-5",
      name: "Claude Opus 5",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      reasoningEfforts: ["low", "medium", "high", "xhigh", "max"],
      acceptsSampling: false,
      price: INCLUDED_IN_PLAN,
      sources: [CLIPROXY_MODELS],
    },
    fromAnthropic("claude-opus-4-8"),
    fromAnthropic("claude-opus-4-7"),
    fromAnthropic("claude-opus-4-6"),
    fromAnthropic("claude-opus-4-5-20251101", "claude-opus-4-5"),
    fromAnthropic("claude-sonnet-5"),
    fromAnthropic("claude-sonnet-4-6"),
    fromAnthropic("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
    fromAnthropic("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
    {
      id: "claude-fable-5",
      name: "Claude Fable 5",
      type: "chat",
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { tools: true, vision: true, reasoning: true },
      reasoningEfforts: ["low", "medium", "high", "xhigh", "max"],
      price: INCLUDED_IN_PLAN,
      sources: [CLIPROXY_MODELS],
      notes: "has a weekly cap of its own besides the plan's windows (anthropic-ratelimit-unified-7d_oi-*)",
    },
  ],
};
