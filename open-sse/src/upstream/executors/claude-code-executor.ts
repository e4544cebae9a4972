import { claudeQuotaFromHeaders } from "../../providers/quota/claude-unified-headers";
import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { baseWithout, clientHeader, credentialOf, derivedUuid, isRecord } from "./executor-support";

/**
 * Claude Code (`cc/`): a Claude Pro/Max subscription through the Anthropic Messages API, called the way the
 * official Claude Code CLI calls it. What the upstream checks, and where we learned it:
 *
 * - `Authorization: Bearer <OAuth access token>` plus the `oauth-2025-04-20` beta: without the beta the API refuses
 *   an OAuth bearer. `claude-code-20250219` comes first in `anthropic-beta`, the OAuth beta right after it — the
 *   order Claude Code sends (router-for-me/CLIProxyAPI claude_executor_request.go, observed 2.1.x wire order).
 * - The system prompt must BEGIN with "You are Claude Code, Anthropic's official CLI for Claude." — as the whole
 *   first block of a `system` array or the start of a `system` string — or the API answers 400 ("This credential is
 *   only authorized for use with Claude Code…", or a bare "Error") for every model but Haiku
 *   (anthropics/claude-code#40515, anomalyco/opencode#417). Claude Code itself sends its billing-header block first
 *   and an identity second (the Agent SDK's "You are a Claude agent, built on Anthropic's Claude Agent SDK." in
 *   `-p` mode; CLIProxyAPI's captures): such a prompt passes untouched. Otherwise we add the identity block first.
 * - `x-app: cli`, `user-agent: claude-cli/<version> (external, cli)`, `anthropic-dangerous-direct-browser-access:
 *   true` and the Stainless SDK headers, as Claude Code 2.1.197 sent them (shared/clients/CLI-TRAFFIC.md);
 *   `POST /v1/messages?beta=true`.
 *
 * When the client is Claude Code itself (same format), its own betas, user agent and session id pass through, so
 * the request is what it would have sent directly; only the credential changes. An account configured with a key
 * instead of an OAuth login sends it the way Claude Code does: a long-lived `claude setup-token` token
 * (`sk-ant-oat…`) as a bearer with the OAuth beta, an API key as `x-api-key`.
 */
export const CLAUDE_CODE_IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
/** The Claude Code build whose traffic was recorded (shared/clients/CLI-TRAFFIC.md). */
const CLAUDE_CODE_VERSION = "2.1.197";
const USER_AGENT = `claude-cli/${CLAUDE_CODE_VERSION} (external, cli)`;
const ANTHROPIC_VERSION = "2023-06-01";
const CLAUDE_CODE_BETA = "claude-code-20250219";
const OAUTH_BETA = "oauth-2025-04-20";
/** What Claude Code 2.1.197 sent for every model (CLI-TRAFFIC.md), after the two above. */
const BASE_BETAS = ["interleaved-thinking-2025-05-14", "thinking-token-count-2026-05-13", "context-management-2025-06-27", "prompt-caching-scope-2026-01-05"];
/** `output_config.effort` is refused without it (Claude Code adds it whenever it sends an effort). */
const EFFORT_BETA = "effort-2025-11-24";

export const claudeCodeExecutor: UpstreamExecutor = {
  id: "claude-code",
  format: "anthropic-messages",

  prepare(request: ExecutorRequest): ExecutorCall {
    const client = request.sameFormatClientHeaders;
    const credential = credentialOf(request);
    const oauth = request.session !== undefined || credential.startsWith("sk-ant-oat");
    const body = request.body;
    body.model = request.model;
    body.system = withClaudeCodeIdentity(body.system);

    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: body.stream === true ? "text/event-stream" : "application/json",
      "anthropic-version": clientHeader(client, "anthropic-version") ?? ANTHROPIC_VERSION,
      "anthropic-beta": betasFor(clientHeader(client, "anthropic-beta"), oauth, body),
      "anthropic-dangerous-direct-browser-access": "true",
      "x-app": "cli",
      "user-agent": claudeCodeUserAgent(clientHeader(client, "user-agent")),
      "x-claude-code-session-id": clientHeader(client, "x-claude-code-session-id") ?? derivedUuid(`claude-code:${request.conversationId ?? request.requestId}`),
      "x-stainless-lang": "js",
      "x-stainless-runtime": "node",
      "x-stainless-retry-count": "0",
      "x-stainless-timeout": "600",
    };
    if (oauth) headers.authorization = `Bearer ${credential}`;
    else headers["x-api-key"] = credential;
    return {
      baseUrl: baseWithout(request.account.baseUrl, "/v1"),
      path: "/v1/messages?beta=true",
      headers,
      body: Buffer.from(JSON.stringify(body)),
      upstreamStreams: false,
    };
  },

  quotaFromHeaders: claudeQuotaFromHeaders,
};

/**
 * The identities the API recognises as Claude Code's own prompt (the interactive CLI's, and the Agent SDK's that
 * `claude -p` sends), as prefixes: "…CLI for Claude, running within the Claude Agent SDK." is a variant of the first.
 */
const KNOWN_IDENTITIES = ["You are Claude Code, Anthropic's official CLI for Claude", "You are a Claude agent, built on Anthropic's Claude Agent SDK."];
/** Claude Code's first system block: its build fingerprint (`x-anthropic-billing-header: cc_version=…;`). */
const BILLING_HEADER_PREFIX = "x-anthropic-billing-header:";

/**
 * The `system` field with the Claude Code identity first. Kept as it is when it already carries a Claude Code
 * prompt: a string that starts with a known identity, or an array whose first text block is one — or whose first
 * block is Claude Code's billing header and second an identity, which is how Claude Code itself sends it. Otherwise
 * the identity block goes first (after a billing header, when there is one), the client's own prompt kept after it
 * (a string becomes a second text block).
 */
export function withClaudeCodeIdentity(system: unknown): unknown {
  const identity = { type: "text", text: CLAUDE_CODE_IDENTITY };
  if (system === undefined || system === null || system === "") return [identity];
  if (typeof system === "string") return isIdentity(system) ? system : [identity, { type: "text", text: system }];
  if (Array.isArray(system)) {
    const [first, second] = system.map(textOf);
    if (first !== undefined && isIdentity(first)) return system;
    if (first !== undefined && first.startsWith(BILLING_HEADER_PREFIX)) {
      return second !== undefined && isIdentity(second) ? system : [system[0], identity, ...system.slice(1)];
    }
    return [identity, ...system];
  }
  // Not a shape the API takes: left for the upstream to refuse, as it would a direct request.
  return system;
}

function isIdentity(text: string): boolean {
  return KNOWN_IDENTITIES.some((prefix) => text.startsWith(prefix));
}

function textOf(block: unknown): string | undefined {
  return isRecord(block) && block.type === "text" && typeof block.text === "string" ? block.text : undefined;
}

/**
 * `anthropic-beta` for this call: Claude Code's first (and the OAuth beta right after it when the credential is an
 * OAuth token), then the client's own betas when it sent some (Claude Code's list is per request, and a client
 * that speaks Anthropic knows what its body needs), else Claude Code's baseline; the effort beta whenever the body
 * carries an effort. No beta twice.
 */
export function betasFor(clientBetas: string | undefined, oauth: boolean, body: Record<string, unknown>): string {
  const requested = (clientBetas ?? "")
    .split(",")
    .map((beta) => beta.trim())
    .filter((beta) => beta !== "");
  const betas = [CLAUDE_CODE_BETA, ...(oauth ? [OAUTH_BETA] : []), ...(requested.length > 0 ? requested : BASE_BETAS)];
  if (isRecord(body.output_config) && body.output_config.effort !== undefined) betas.push(EFFORT_BETA);
  return [...new Set(betas)].join(",");
}

/** Claude Code's own user agent when the client is Claude Code; ours, in its format, otherwise. */
function claudeCodeUserAgent(clientUserAgent: string | undefined): string {
  return clientUserAgent !== undefined && clientUserAgent.startsWith("claude-cli/") ? clientUserAgent : USER_AGENT;
}
