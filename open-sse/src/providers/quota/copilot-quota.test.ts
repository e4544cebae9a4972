import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { copilotQuotaFromHeaders, copilotQuotaFromUserInfo, copilotUserInfoRequest, firstOfNextMonth } from "./copilot-quota";

const JULY_15 = Date.UTC(2026, 6, 15, 12, 0, 0);

describe("copilotQuotaFromUserInfo", () => {
  it("reads the premium allowance as used of the entitlement, skipping unlimited snapshots", () => {
    const windows = copilotQuotaFromUserInfo(
      {
        access_type_sku: "plus_monthly_subscriber_quota",
        copilot_plan: "individual",
        quota_reset_date: "2026-08-01",
        quota_snapshots: {
          chat: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true, overage_count: 0, overage_permitted: false, quota_id: "chat" },
          completions: { entitlement: 0, remaining: 0, percent_remaining: 100, unlimited: true, overage_count: 0, overage_permitted: false, quota_id: "completions" },
          premium_interactions: { entitlement: 300, remaining: 255, percent_remaining: 85, unlimited: false, overage_count: 0, overage_permitted: false, quota_id: "premium_interactions" },
        },
      },
      JULY_15,
    );
    assert.deepEqual(windows, [{ name: "premium_interactions", used: 45, limit: 300, usedPercent: 15, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) }]);
  });

  it("prefers quota_reset_date_utc and reads the Free plan's chat and completions", () => {
    const windows = copilotQuotaFromUserInfo(
      {
        access_type_sku: "free_limited_copilot",
        quota_reset_date_utc: "2026-08-03T09:30:00.000Z",
        quota_reset_date: "2026-08-03",
        quota_snapshots: {
          chat: { entitlement: 50, remaining: 10, percent_remaining: 20, unlimited: false },
          completions: { entitlement: 2000, remaining: 2000, percent_remaining: 100, unlimited: false },
        },
      },
      JULY_15,
    );
    const reset = Date.UTC(2026, 7, 3, 9, 30);
    assert.deepEqual(windows, [
      { name: "chat", used: 40, limit: 50, usedPercent: 80, unit: "requests", resetsAt: reset },
      { name: "completions", used: 0, limit: 2000, usedPercent: 0, unit: "requests", resetsAt: reset },
    ]);
  });

  it("reads the older Free-plan shape and resets on the next 1st when no date is given", () => {
    const windows = copilotQuotaFromUserInfo({ limited_user_quotas: { chat: 30, completions: 1999 }, monthly_quotas: { chat: 50, completions: 2000 } }, JULY_15);
    assert.deepEqual(windows, [
      { name: "chat", used: 20, limit: 50, usedPercent: 40, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) },
      { name: "completions", used: 1, limit: 2000, usedPercent: 0.05, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) },
    ]);
    assert.deepEqual(copilotQuotaFromUserInfo("nope", JULY_15), []);
  });

  it("crosses the year on the 1st", () => {
    assert.equal(firstOfNextMonth(Date.UTC(2026, 11, 31, 23, 59)), Date.UTC(2027, 0, 1));
  });
});

describe("copilotQuotaFromHeaders", () => {
  it("prefers premium_models over premium_interactions and keeps exhausted windows at 100", () => {
    const windows = copilotQuotaFromHeaders({
      "x-quota-snapshot-premium_models": "ent=1500&ov=3.0&ovPerm=true&rem=0&rst=2026-08-01T00:00:00Z",
      "x-quota-snapshot-premium_interactions": "ent=300&rem=50",
      "x-usage-ratelimit-session": "rem=5.7&rst=2026-07-15T17:00:00Z",
    });
    assert.deepEqual(windows, [
      { name: "premium_interactions", usedPercent: 100, used: null, limit: 1500, unit: "requests", resetsAt: Date.UTC(2026, 7, 1) },
      { name: "session", usedPercent: 94.3, used: 94.3, limit: 100, unit: "percent", resetsAt: Date.UTC(2026, 6, 15, 17) },
    ]);
  });

  it("reads the Free plan's chat snapshot", () => {
    assert.deepEqual(copilotQuotaFromHeaders({ "x-quota-snapshot-chat": "ent=50&rem=12" }), [
      { name: "chat", usedPercent: 88, used: null, limit: 50, unit: "requests", resetsAt: null },
    ]);
  });
});

describe("copilotUserInfoRequest", () => {
  it("calls the user endpoint with the GitHub token", () => {
    const request = copilotUserInfoRequest("ghu_x", { userUrl: "http://127.0.0.1:21701/github/copilot_internal/user" });
    assert.equal(request.url, "http://127.0.0.1:21701/github/copilot_internal/user");
    assert.equal(request.headers.authorization, "token ghu_x");
    assert.equal(copilotUserInfoRequest("t").url, "https://api.github.com/copilot_internal/user");
  });
});
