import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OAuthSession } from "../../../../../open-sse/src/ports";
import { OAUTH_FLOWS } from "../flows/oauth-flows";
import type { OAuthHttp, OAuthHttpRequest } from "../oauth-http";
import { fetchUpstreamQuota, QuotaFetchError } from "./fetch-upstream-quota";

function answering(json: unknown, status = 200): { http: OAuthHttp; calls: OAuthHttpRequest[] } {
  const calls: OAuthHttpRequest[] = [];
  return {
    calls,
    http: async (request) => {
      calls.push(request);
      return { status, headers: {}, text: JSON.stringify(json), json };
    },
  };
}

const session = (extras: Record<string, string> = {}): OAuthSession => ({ accessToken: "tok", expiresAt: null, extras });

describe("upstream quota: used is what is USED, never what is left", () => {
  it("Claude: utilization percent → usedPercent, resets_at ISO → epoch ms", async () => {
    const { http, calls } = answering({ five_hour: { utilization: 12.5, resets_at: "2030-01-01T05:00:00Z" }, seven_day: { utilization: 90, resets_at: "2030-01-07T00:00:00Z" } });
    const windows = await fetchUpstreamQuota("cc", session(), { endpoints: OAUTH_FLOWS.cc.endpoints, http });
    assert.deepEqual(windows, [
      { name: "5h", usedPercent: 12.5, used: 12.5, limit: 100, unit: "percent", resetsAt: Date.parse("2030-01-01T05:00:00Z") },
      { name: "weekly", usedPercent: 90, used: 90, limit: 100, unit: "percent", resetsAt: Date.parse("2030-01-07T00:00:00Z") },
    ]);
    assert.equal(calls[0]?.url, "https://api.anthropic.com/api/oauth/usage");
    assert.equal(calls[0]?.headers?.["anthropic-beta"], "oauth-2025-04-20");
    assert.equal(calls[0]?.headers?.authorization, "Bearer tok");
  });

  it("Codex: primary/secondary used_percent, window length names the window, ChatGPT-Account-Id sent", async () => {
    const { http, calls } = answering({
      plan_type: "plus",
      rate_limit: {
        primary_window: { used_percent: 25, limit_window_seconds: 18_000, reset_at: 1_893_474_000 },
        secondary_window: { used_percent: 70, limit_window_seconds: 604_800, reset_at: 1_894_000_000 },
      },
    });
    const windows = await fetchUpstreamQuota("cx", session({ chatgptAccountId: "ws-1" }), { endpoints: OAUTH_FLOWS.cx.endpoints, http });
    assert.deepEqual(windows.map((window) => [window.name, window.usedPercent, window.resetsAt]), [
      ["5h", 25, 1_893_474_000_000],
      ["weekly", 70, 1_894_000_000_000],
    ]);
    assert.equal(calls[0]?.url, "https://chatgpt.com/backend-api/wham/usage");
    assert.equal(calls[0]?.headers?.["chatgpt-account-id"], "ws-1");
  });

  it("Gemini CLI: remainingFraction 0.8 of 100 → 20 used of 100 (20 %)", async () => {
    const { http, calls } = answering({ buckets: [{ modelId: "gemini-2.5-pro", tokenType: "REQUESTS", remainingFraction: 0.8, remainingAmount: "80", resetTime: "2030-01-02T00:00:00Z" }] });
    const windows = await fetchUpstreamQuota("gc", session({ projectId: "proj-1" }), { endpoints: OAUTH_FLOWS.gc.endpoints, http });
    assert.deepEqual(windows, [{ name: "daily gemini-2.5-pro", usedPercent: 20, used: 20, limit: 100, unit: "requests", resetsAt: Date.parse("2030-01-02T00:00:00Z") }]);
    assert.equal(calls[0]?.method, "POST");
    assert.equal(calls[0]?.url, "https://cloudcode-pa.googleapis.com/v1internal:retrieveUserQuota");
    assert.deepEqual(calls[0]?.json, { project: "proj-1" });
  });

  it("Antigravity: remainingFraction 0.25 → 75 % used; an omitted fraction (proto3 zero) → 100 % used", async () => {
    const { http, calls } = answering({
      models: {
        "claude-sonnet-4-5": { quotaInfo: { remainingFraction: 0.25, resetTime: "2030-01-01T05:00:00Z" } },
        "gemini-3-pro-high": { quotaInfo: { resetTime: "2030-01-01T06:00:00Z" } },
        chat_20706: {},
      },
    });
    const windows = await fetchUpstreamQuota("ag", session({ projectId: "proj-2" }), { endpoints: OAUTH_FLOWS.ag.endpoints, http });
    assert.deepEqual(windows, [
      { name: "claude-sonnet-4-5", usedPercent: 75, used: 75, limit: 100, unit: "percent", resetsAt: Date.parse("2030-01-01T05:00:00Z") },
      { name: "gemini-3-pro-high", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: Date.parse("2030-01-01T06:00:00Z") },
    ]);
    assert.equal(calls[0]?.url, "https://cloudcode-pa.googleapis.com/v1internal:fetchAvailableModels");
  });

  it("errors: an HTTP error and a missing project are QuotaFetchErrors; unknown providers have no quota", async () => {
    await assert.rejects(fetchUpstreamQuota("cc", session(), { endpoints: OAUTH_FLOWS.cc.endpoints, http: answering({}, 401).http }), (error: unknown) => error instanceof QuotaFetchError && error.status === 401);
    await assert.rejects(fetchUpstreamQuota("gc", session(), { endpoints: OAUTH_FLOWS.gc.endpoints, http: answering({}).http }), QuotaFetchError);
    assert.deepEqual(await fetchUpstreamQuota("zz", session(), { endpoints: OAUTH_FLOWS.cc.endpoints, http: answering({}).http }), []);
  });
});
