import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccountRuntime } from "../ports";
import { executorFor } from "../upstream/executor-registry";
import { upstreamRequestShape } from "../upstream/upstream-request";
import { getBuiltInProvider } from "./built-in-providers";

/**
 * The engine's request shape (upstream-request.ts) applied to each catalog base URL must give the endpoint the
 * provider documents, with the auth header its definition names. Expected URLs are written out by hand from the
 * providers' docs (see each definition's sources), not derived from the definitions.
 */
const DOCUMENTED: ReadonlyArray<readonly [provider: string, model: string, url: string]> = [
  ["openai", "gpt-4o", "https://api.openai.com/v1/chat/completions"],
  ["anthropic", "claude-sonnet-4-5", "https://api.anthropic.com/v1/messages"],
  ["gemini", "gemini-2.5-flash", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"],
  ["openrouter", "openrouter/auto", "https://openrouter.ai/api/v1/chat/completions"],
  ["ds", "deepseek-chat", "https://api.deepseek.com/v1/chat/completions"],
  ["groq", "llama-3.3-70b-versatile", "https://api.groq.com/openai/v1/chat/completions"],
  ["xai", "grok-4.3", "https://api.x.ai/v1/chat/completions"],
  ["mistral", "mistral-large-latest", "https://api.mistral.ai/v1/chat/completions"],
  ["pplx", "perplexity/sonar", "https://api.perplexity.ai/v1/responses"],
  ["together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "https://api.together.xyz/v1/chat/completions"],
  ["fireworks", "accounts/fireworks/models/kimi-k2p6", "https://api.fireworks.ai/inference/v1/chat/completions"],
  ["cerebras", "gpt-oss-120b", "https://api.cerebras.ai/v1/chat/completions"],
  ["cohere", "command-a-03-2025", "https://api.cohere.ai/compatibility/v1/chat/completions"],
  ["nvidia", "meta/llama-3.3-70b-instruct", "https://integrate.api.nvidia.com/v1/chat/completions"],
  ["nebius", "meta-llama/Llama-3.3-70B-Instruct", "https://api.tokenfactory.nebius.com/v1/chat/completions"],
  ["glm", "glm-4.6", "https://api.z.ai/api/paas/v4/chat/completions"],
  ["minimax", "MiniMax-M2.7", "https://api.minimax.io/anthropic/v1/messages"],
  ["kimi", "kimi-k2.6", "https://api.moonshot.ai/v1/chat/completions"],
];

/** Written out from the official clients' sources (see each subscription definition's sources). */
const SUBSCRIPTION_DOCUMENTED: ReadonlyArray<readonly [provider: string, model: string, url: string]> = [
  ["cc", "claude-sonnet-4-5-20250929", "https://api.anthropic.com/v1/messages?beta=true"],
  ["cx", "gpt-5.2-codex", "https://chatgpt.com/backend-api/codex/responses"],
  ["gc", "gemini-2.5-pro", "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse"],
  ["ag", "gemini-3-flash", "https://daily-cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse"],
];

function account(baseUrl: string): AccountRuntime {
  return { id: "a", name: "a", apiKey: "sk-test", baseUrl, priority: 0 };
}

/** How upstream-http.ts joins them: the base URL's path without trailing slashes, then the request path. */
function joined(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}${path}`;
}

describe("each provider is called where and how its documentation says", () => {
  for (const [providerId, model, expected] of DOCUMENTED) {
    it(`${providerId}: POST ${expected}`, () => {
      const provider = getBuiltInProvider(providerId)!;
      assert.ok(provider.models.includes(model), `${model} is in the ${providerId} catalog`);
      const shape = upstreamRequestShape({ format: provider.apiFormat, account: account(provider.baseUrl), model, stream: false, requestId: "r1", userAgent: "omniroute-test" });
      assert.equal(joined(shape.baseUrl, shape.path), expected);
      if (provider.auth.kind === "bearer") {
        assert.equal(shape.headers.authorization, "Bearer sk-test");
      } else {
        assert.equal(shape.headers[provider.auth.header], "sk-test");
        assert.equal(shape.headers.authorization, undefined, "the key goes in one header only");
      }
      for (const [name, value] of Object.entries(provider.quirks.requiredHeaders ?? {})) assert.equal(shape.headers[name], value, name);
    });
  }

  it("covers every catalog provider", () => {
    const covered = new Set([...DOCUMENTED, ...SUBSCRIPTION_DOCUMENTED].map(([providerId]) => providerId));
    assert.equal(covered.size, 22);
  });

  // Subscription backends are shaped by their executor (upstream/executors/), from the same catalog base URL.
  for (const [providerId, model, expected] of SUBSCRIPTION_DOCUMENTED) {
    it(`${providerId}: POST ${expected} (executor ${getBuiltInProvider(providerId)?.executor})`, () => {
      const provider = getBuiltInProvider(providerId)!;
      assert.ok(provider.models.includes(model), `${model} is in the ${providerId} catalog`);
      const executor = executorFor(provider.executor!)!;
      assert.equal(executor.format, provider.apiFormat);
      const call = executor.prepare({
        account: account(provider.baseUrl),
        session: { accessToken: "oauth-token", expiresAt: null, extras: {} },
        model,
        stream: true,
        body: {},
        requestId: "r1",
        userAgent: "omniroute-test",
      });
      assert.equal(joined(call.baseUrl, call.path), expected);
      assert.equal(call.headers.authorization, "Bearer oauth-token");
      for (const [name, value] of Object.entries(provider.quirks.requiredHeaders ?? {})) assert.ok(call.headers[name]?.includes(value), name);
    });
  }

  it("GLM's coding-plan endpoint (an account baseUrl) keeps its own path", () => {
    const coding = getBuiltInProvider("glm")!.alternateEndpoints.find((endpoint) => endpoint.id === "coding-plan")!;
    const shape = upstreamRequestShape({ format: coding.apiFormat, account: account(coding.baseUrl), model: "glm-4.6", stream: true, requestId: "r1", userAgent: "t" });
    assert.equal(joined(shape.baseUrl, shape.path), "https://api.z.ai/api/coding/paas/v4/chat/completions");
  });

  it("the Anthropic-compatible alternates of DeepSeek, GLM and Kimi resolve to their /v1/messages", () => {
    const expected: Record<string, string> = {
      ds: "https://api.deepseek.com/anthropic/v1/messages",
      glm: "https://api.z.ai/api/anthropic/v1/messages",
      kimi: "https://api.moonshot.ai/anthropic/v1/messages",
    };
    for (const [providerId, url] of Object.entries(expected)) {
      const endpoint = getBuiltInProvider(providerId)!.alternateEndpoints.find((candidate) => candidate.apiFormat === "anthropic-messages")!;
      const shape = upstreamRequestShape({ format: "anthropic-messages", account: account(endpoint.baseUrl), model: "m", stream: false, requestId: "r1", userAgent: "t" });
      assert.equal(joined(shape.baseUrl, shape.path), url, providerId);
      assert.equal(shape.headers["x-api-key"], "sk-test");
    }
  });
});
