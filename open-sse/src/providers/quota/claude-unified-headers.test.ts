import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { claudeQuotaFromHeaders } from "./claude-unified-headers";
import { claudeQuotaFromUsageEndpoint } from "./claude-usage-endpoint";
import { isExhausted, quotaHoldOf } from "./quota-observation";

const NOW = Date.parse("2026-09-30T12:00:00Z");
const FIVE_HOUR_RESET = 1790814600; // epoch seconds, as sent
const WEEKLY_RESET = 1791246600;

/** The headers of a Max-plan answer with room left (shape of a real 200). */
const allowed = {
  "anthropic-ratelimit-unified-5h-utilization": "0.05",
  "anthropic-ratelimit-unified-5h-reset": String(FIVE_HOUR_RESET),
  "anthropic-ratelimit-unified-5h-status": "allowed",
  "anthropic-ratelimit-unified-7d-utilization": "0.68",
  "anthropic-ratelimit-unified-7d-reset": String(WEEKLY_RESET),
  "anthropic-ratelimit-unified-7d-status": "allowed",
  "anthropic-ratelimit-unified-status": "allowed",
  "anthropic-ratelimit-unified-representative-claim": "five_hour",
  "anthropic-ratelimit-unified-overage-status": "rejected",
  "anthropic-ratelimit-unified-fallback-percentage": "0.5",
  "content-type": "application/json",
};

describe("Claude unified rate-limit headers", () => {
  it("reads the 5-hour and weekly windows as percent USED with their exact resets", () => {
    const windows = claudeQuotaFromHeaders(allowed, NOW)!;
    assert.deepEqual(windows, [
      { name: "5h", usedPercent: 5, used: 5, limit: 100, unit: "percent", resetsAt: FIVE_HOUR_RESET * 1000 },
      { name: "weekly", usedPercent: 68, used: 68, limit: 100, unit: "percent", resetsAt: WEEKLY_RESET * 1000 },
    ]);
  });

  it("never swaps used and left: 0.05 utilization is 5 % used, not 95", () => {
    const fiveHour = claudeQuotaFromHeaders(allowed, NOW)!.find((window) => window.name === "5h")!;
    assert.equal(fiveHour.usedPercent, 5);
    assert.notEqual(fiveHour.usedPercent, 95);
  });

  it("a rejected window reads as spent (100 %) whatever its utilization says, and holds the account until its reset", () => {
    const windows = claudeQuotaFromHeaders(
      {
        ...allowed,
        "anthropic-ratelimit-unified-5h-utilization": "0.98",
        "anthropic-ratelimit-unified-5h-status": "rejected",
        "anthropic-ratelimit-unified-status": "rejected",
      },
      NOW,
    )!;
    const fiveHour = windows.find((window) => window.name === "5h")!;
    assert.equal(fiveHour.usedPercent, 100);
    assert.ok(isExhausted(fiveHour, NOW));
    assert.deepEqual(quotaHoldOf(windows, NOW), { account: FIVE_HOUR_RESET * 1000 });
  });

  it("a summary-only rejection marks the claimed window spent, with the summary reset when the window has none", () => {
    const windows = claudeQuotaFromHeaders(
      {
        "anthropic-ratelimit-unified-status": "rejected",
        "anthropic-ratelimit-unified-reset": String(WEEKLY_RESET),
        "anthropic-ratelimit-unified-representative-claim": "seven_day",
        "anthropic-ratelimit-unified-7d-utilization": "0.97",
      },
      NOW,
    )!;
    assert.deepEqual(windows, [{ name: "weekly", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: WEEKLY_RESET * 1000 }]);
  });

  it("a per-model weekly cap (7d_oi) is model-scoped: spent, it holds the model, not the account", () => {
    const windows = claudeQuotaFromHeaders(
      {
        ...allowed,
        "anthropic-ratelimit-unified-7d_oi-utilization": "1",
        "anthropic-ratelimit-unified-7d_oi-reset": String(WEEKLY_RESET),
        "anthropic-ratelimit-unified-7d_oi-status": "rejected",
      },
      NOW,
    )!;
    const capped = windows.find((window) => window.name === "weekly-oi")!;
    assert.equal(capped.scope, "model");
    assert.deepEqual(quotaHoldOf(windows, NOW), { model: WEEKLY_RESET * 1000 });
  });

  it("overrun (utilization above 1) reads as 100, never beyond and never as room", () => {
    const windows = claudeQuotaFromHeaders({ "anthropic-ratelimit-unified-5h-utilization": "1.07", "anthropic-ratelimit-unified-5h-reset": String(FIVE_HOUR_RESET) }, NOW)!;
    assert.equal(windows[0]!.usedPercent, 100);
  });

  it("answers without unified headers (API keys) reveal nothing", () => {
    assert.equal(claudeQuotaFromHeaders({ "anthropic-ratelimit-requests-remaining": "49", "content-type": "text/event-stream" }, NOW), undefined);
    assert.equal(claudeQuotaFromHeaders({ "anthropic-ratelimit-unified-5h-utilization": "abc" }, NOW), undefined);
  });
});

describe("Claude usage endpoint", () => {
  it("reads percent figures (0–100) as used, in both shapes", () => {
    assert.deepEqual(
      claudeQuotaFromUsageEndpoint({ five_hour: { utilization: 12, resets_at: "2026-09-28T23:00:00Z" }, seven_day: { utilization: 35, resets_at: null }, extra_usage: { utilization: 3 } }),
      [
        { name: "5h", usedPercent: 12, used: 12, limit: 100, unit: "percent", resetsAt: Date.parse("2026-09-28T23:00:00Z") },
        { name: "weekly", usedPercent: 35, used: 35, limit: 100, unit: "percent", resetsAt: null },
      ],
    );
    const limits = claudeQuotaFromUsageEndpoint({
      limits: [
        { kind: "session", percent: 100, resets_at: "2026-09-28T23:00:00Z" },
        { kind: "weekly_scoped", percent: 40, resets_at: "2026-10-01T00:00:00Z", scope: { model: { display_name: "Opus" } } },
      ],
    });
    assert.equal(limits[0]!.usedPercent, 100);
    assert.deepEqual({ name: limits[1]!.name, scope: limits[1]!.scope, used: limits[1]!.usedPercent }, { name: "weekly-opus", scope: "model", used: 40 });
  });
});
