import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kiroIdentityFromUsageLimits, kiroQuotaFromUsageLimits, kiroUsageLimitsRequest } from "./kiro-usage-limits";

describe("Kiro getUsageLimits", () => {
  it("asks with the Kiro IDE's parameters, and the profile ARN only when there is one", () => {
    const call = kiroUsageLimitsRequest("https://q.example/getUsageLimits", "tok", "arn:aws:codewhisperer:us-east-1:1:profile/P", { providerId: "kr" });
    const url = new URL(call.url);
    assert.deepEqual(Object.fromEntries(url.searchParams), { isEmailRequired: "true", origin: "AI_EDITOR", resourceType: "AGENTIC_REQUEST", profileArn: "arn:aws:codewhisperer:us-east-1:1:profile/P" });
    assert.equal(call.headers.authorization, "Bearer tok");
    assert.equal(new URL(kiroUsageLimitsRequest("https://q.example/getUsageLimits", "tok", undefined, { providerId: "kr" }).url).searchParams.has("profileArn"), false);
  });

  it("reads used of the limit (precise values first), resets in Unix seconds, and skips what cannot be a window", () => {
    const windows = kiroQuotaFromUsageLimits({
      nextDateReset: 1_800_000_000,
      usageBreakdownList: [
        { resourceType: "AGENTIC_REQUEST", currentUsage: 10, usageLimit: 50, currentUsageWithPrecision: 10.25 },
        { resourceType: "CODE_COMPLETION", currentUsage: 5, usageLimit: 0 },
        { resourceType: "SPEC", currentUsage: 60, usageLimit: 50, nextDateReset: 1_810_000_000.5 },
        "junk",
      ],
    });
    assert.deepEqual(windows, [
      { name: "AGENTIC_REQUEST", used: 10.25, limit: 50, usedPercent: 20.5, unit: "requests", resetsAt: 1_800_000_000_000 },
      { name: "SPEC", used: 60, limit: 50, usedPercent: 100, unit: "requests", resetsAt: 1_810_000_000_500 },
    ]);
    assert.deepEqual(kiroQuotaFromUsageLimits({}), []);
    assert.deepEqual(kiroQuotaFromUsageLimits(null), []);
  });

  it("names who logged in", () => {
    assert.deepEqual(kiroIdentityFromUsageLimits({ userInfo: { email: "a@b.c", userId: "d-1" }, subscriptionInfo: { type: "Q_DEVELOPER_STANDALONE_PRO" } }), {
      email: "a@b.c",
      accountId: "d-1",
      plan: "Q_DEVELOPER_STANDALONE_PRO",
    });
    assert.deepEqual(kiroIdentityFromUsageLimits({ userInfo: { email: "" } }), {});
    assert.deepEqual(kiroIdentityFromUsageLimits("x"), {});
  });
});
