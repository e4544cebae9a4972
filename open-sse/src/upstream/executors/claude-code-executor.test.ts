import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime, OAuthSession } from "../../ports";
import type { ExecutorRequest } from "../upstream-executor";
import { CLAUDE_CODE_IDENTITY, claudeCodeExecutor, withClaudeCodeIdentity } from "./claude-code-executor";

const account: AccountRuntime = { id: "a1", name: "max", apiKey: "", baseUrl: "https://api.anthropic.com", priority: 0 };
const session: OAuthSession = { accessToken: "sk-ant-oat01-access", expiresAt: null, extras: {} };

function request(overrides: Partial<ExecutorRequest> = {}): ExecutorRequest {
  return {
    account,
    session,
    model: "claude-sonnet-4-5-20250929",
    stream: true,
    body: { model: "cc/claude-sonnet-4-5-20250929", max_tokens: 100, stream: true, system: "Be brief.", messages: [{ role: "user", content: "hi" }] },
    requestId: "req-1",
    userAgent: "omniroute/1.0.0",
    ...overrides,
  };
}

function bodyOf(call: { body: Buffer }): Record<string, unknown> {
  return JSON.parse(call.body.toString("utf8")) as Record<string, unknown>;
}

describe("claude-code executor", () => {
  it("calls /v1/messages?beta=true with the OAuth bearer, Claude Code's betas and identity headers", () => {
    const call = claudeCodeExecutor.prepare(request());
    assert.equal(call.baseUrl, "https://api.anthropic.com");
    assert.equal(call.path, "/v1/messages?beta=true");
    assert.equal(call.upstreamStreams, false);
    assert.equal(call.headers.authorization, "Bearer sk-ant-oat01-access");
    assert.equal(call.headers["x-api-key"], undefined, "the credential goes in one header only");
    assert.equal(
      call.headers["anthropic-beta"],
      "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,thinking-token-count-2026-05-13,context-management-2025-06-27,prompt-caching-scope-2026-01-05",
    );
    assert.equal(call.headers["anthropic-version"], "2023-06-01");
    assert.equal(call.headers["x-app"], "cli");
    assert.equal(call.headers["user-agent"], "claude-cli/2.1.197 (external, cli)");
    assert.equal(call.headers["anthropic-dangerous-direct-browser-access"], "true");
    assert.equal(call.headers.accept, "text/event-stream");
    assert.match(call.headers["x-claude-code-session-id"]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("puts the Claude Code identity first in the system prompt, keeping the client's prompt after it", () => {
    const body = bodyOf(claudeCodeExecutor.prepare(request()));
    assert.equal(body.model, "claude-sonnet-4-5-20250929");
    assert.deepEqual(body.system, [
      { type: "text", text: CLAUDE_CODE_IDENTITY },
      { type: "text", text: "Be brief." },
    ]);
  });

  it("never adds the identity twice, and adds it before cached array blocks", () => {
    const cached = [{ type: "text", text: "Long instructions", cache_control: { type: "ephemeral" } }];
    assert.deepEqual(withClaudeCodeIdentity(cached), [{ type: "text", text: CLAUDE_CODE_IDENTITY }, ...cached]);
    const already = [{ type: "text", text: CLAUDE_CODE_IDENTITY }, { type: "text", text: "More" }];
    assert.equal(withClaudeCodeIdentity(already), already);
    assert.equal(withClaudeCodeIdentity(`${CLAUDE_CODE_IDENTITY} Also be brief.`), `${CLAUDE_CODE_IDENTITY} Also be brief.`);
    assert.deepEqual(withClaudeCodeIdentity(undefined), [{ type: "text", text: CLAUDE_CODE_IDENTITY }]);
  });

  it("Claude Code's own prompt (billing header, then the Agent SDK identity) passes untouched", () => {
    const own = [
      { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.197.abc; cc_entrypoint=sdk-cli; cch=00000;" },
      { type: "text", text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: "ephemeral" } },
      { type: "text", text: "Instructions…" },
    ];
    assert.equal(withClaudeCodeIdentity(own), own);
    const sdkVariant = "You are Claude Code, Anthropic's official CLI for Claude, running within the Claude Agent SDK.";
    assert.equal(withClaudeCodeIdentity(sdkVariant), sdkVariant);
    // A billing header followed by something else: the identity goes right after the header.
    const headerOnly = [own[0]!, { type: "text", text: "Custom" }];
    assert.deepEqual(withClaudeCodeIdentity(headerOnly), [own[0], { type: "text", text: CLAUDE_CODE_IDENTITY }, { type: "text", text: "Custom" }]);
  });

  it("a Claude Code client keeps its own betas, user agent and session id; only the credential is ours", () => {
    const call = claudeCodeExecutor.prepare(
      request({
        sameFormatClientHeaders: {
          "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,mid-conversation-system-2026-04-07,effort-2025-11-24",
          "anthropic-version": "2023-06-01",
          "user-agent": "claude-cli/2.1.197 (external, sdk-cli)",
          "x-claude-code-session-id": "0b5c9f7e-1111-4222-8333-444455556666",
          "x-api-key": "omr-client-key",
        },
      }),
    );
    assert.equal(call.headers["anthropic-beta"], "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,mid-conversation-system-2026-04-07,effort-2025-11-24");
    assert.equal(call.headers["user-agent"], "claude-cli/2.1.197 (external, sdk-cli)");
    assert.equal(call.headers["x-claude-code-session-id"], "0b5c9f7e-1111-4222-8333-444455556666");
    assert.equal(call.headers.authorization, "Bearer sk-ant-oat01-access", "the client's own key never goes upstream");
    assert.equal(call.headers["x-api-key"], undefined);
  });

  it("an effort in the body brings the effort beta", () => {
    const call = claudeCodeExecutor.prepare(request({ body: { max_tokens: 10, messages: [], output_config: { effort: "high" } } }));
    assert.ok(call.headers["anthropic-beta"]!.split(",").includes("effort-2025-11-24"));
  });

  it("a key account: a setup token is a bearer with the OAuth beta, an API key goes as x-api-key without it", () => {
    const setupToken = claudeCodeExecutor.prepare(request({ session: undefined, account: { ...account, apiKey: "sk-ant-oat01-long-lived" } }));
    assert.equal(setupToken.headers.authorization, "Bearer sk-ant-oat01-long-lived");
    assert.ok(setupToken.headers["anthropic-beta"]!.includes("oauth-2025-04-20"));
    const apiKey = claudeCodeExecutor.prepare(request({ session: undefined, account: { ...account, apiKey: "sk-ant-api03-key", baseUrl: "https://api.anthropic.com/v1" } }));
    assert.equal(apiKey.headers["x-api-key"], "sk-ant-api03-key");
    assert.equal(apiKey.headers.authorization, undefined);
    assert.ok(!apiKey.headers["anthropic-beta"]!.includes("oauth-2025-04-20"));
    assert.equal(apiKey.baseUrl, "https://api.anthropic.com", "a pasted /v1 is not doubled");
  });

  it("reads the unified quota headers", () => {
    const windows = claudeCodeExecutor.quotaFromHeaders!({ "anthropic-ratelimit-unified-5h-utilization": "0.5", "anthropic-ratelimit-unified-5h-reset": "1790814600" }, 0);
    assert.deepEqual(windows?.map((window) => [window.name, window.usedPercent]), [["5h", 50]]);
  });
});
