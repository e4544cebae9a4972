import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codexQuotaFromErrorBody, codexQuotaFromHeaders, codexQuotaFromUsageEndpoint } from "./codex-rate-limit-headers";
import { isExhausted, quotaHoldOf } from "./quota-observation";

const NOW = Date.parse("2026-09-28T18:00:00Z");
const PRIMARY_RESET = NOW / 1000 + 3600;
const SECONDARY_RESET = NOW / 1000 + 86_400;

/** What the Codex backend sends with a 200 (header names as codex-rs/codex-api/src/rate_limits.rs reads them). */
const plusPlan = {
  "x-codex-primary-used-percent": "42.5",
  "x-codex-primary-window-minutes": "300",
  "x-codex-primary-reset-at": String(PRIMARY_RESET),
  "x-codex-secondary-used-percent": "13",
  "x-codex-secondary-window-minutes": "10080",
  "x-codex-secondary-reset-at": String(SECONDARY_RESET),
  "x-codex-credits-has-credits": "false",
  "x-codex-credits-unlimited": "false",
  "content-type": "text/event-stream",
};

describe("Codex rate-limit headers", () => {
  it("reads the primary (5h) and secondary (weekly) windows as percent USED with exact resets", () => {
    assert.deepEqual(codexQuotaFromHeaders(plusPlan, NOW), [
      { name: "5h", usedPercent: 42.5, used: 42.5, limit: 100, unit: "percent", resetsAt: PRIMARY_RESET * 1000 },
      { name: "weekly", usedPercent: 13, used: 13, limit: 100, unit: "percent", resetsAt: SECONDARY_RESET * 1000 },
    ]);
  });

  it("never swaps used and left: 13 % used is not 87", () => {
    const weekly = codexQuotaFromHeaders(plusPlan, NOW)!.find((window) => window.name === "weekly")!;
    assert.equal(weekly.usedPercent, 13);
  });

  it("older servers' reset-after-seconds count from now", () => {
    const windows = codexQuotaFromHeaders({ "x-codex-primary-used-percent": "100", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-after-seconds": "8520" }, NOW)!;
    assert.equal(windows[0]!.resetsAt, NOW + 8_520_000);
    assert.ok(isExhausted(windows[0]!, NOW), "a window at 100 % with a reset ahead is spent");
    assert.deepEqual(quotaHoldOf(windows, NOW), { account: NOW + 8_520_000 });
  });

  it("a 429's headers hold the account until the latest spent window resets", () => {
    const windows = codexQuotaFromHeaders({ ...plusPlan, "x-codex-primary-used-percent": "100", "x-codex-secondary-used-percent": "100" }, NOW)!;
    assert.deepEqual(quotaHoldOf(windows, NOW), { account: SECONDARY_RESET * 1000 });
  });

  it("a spent window never reads as having room, and 0 % with nothing else says nothing", () => {
    const spent = codexQuotaFromHeaders({ "x-codex-primary-used-percent": "100.0", "x-codex-primary-window-minutes": "15" }, NOW)!;
    assert.deepEqual(spent.map((window) => [window.name, window.usedPercent]), [["15m", 100]]);
    assert.equal(codexQuotaFromHeaders({ "x-codex-primary-used-percent": "0" }, NOW), undefined);
    assert.equal(codexQuotaFromHeaders({ "x-codex-primary-used-percent": "n/a" }, NOW), undefined);
  });

  it("another limit family (one model's own limit) is model-scoped and named by its limit name", () => {
    const windows = codexQuotaFromHeaders(
      {
        "x-codex-primary-used-percent": "40",
        "x-codex-bengalfox-primary-used-percent": "100",
        "x-codex-bengalfox-primary-reset-at": String(PRIMARY_RESET),
        "x-codex-bengalfox-limit-name": "gpt-5.2-codex-sonic",
      },
      NOW,
    )!;
    assert.deepEqual(
      windows.map((window) => [window.name, window.usedPercent, window.scope ?? "account"]),
      [
        ["primary", 40, "account"],
        ["gpt-5.2-codex-sonic primary", 100, "model"],
      ],
    );
    assert.deepEqual(quotaHoldOf(windows, NOW), { model: PRIMARY_RESET * 1000 });
  });
});

describe("Codex usage-limit error body", () => {
  it("a usage_limit_reached 429 is a spent window until resets_at, or now + resets_in_seconds", () => {
    const body = JSON.stringify({ error: { type: "usage_limit_reached", message: "You have hit your ChatGPT usage limit.", plan_type: "plus", resets_at: PRIMARY_RESET } });
    assert.deepEqual(codexQuotaFromErrorBody(body, NOW), [{ name: "usage limit", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: PRIMARY_RESET * 1000 }]);
    const relative = JSON.stringify({ error: { type: "usage_limit_reached", resets_in_seconds: 60 } });
    assert.equal(codexQuotaFromErrorBody(relative, NOW)![0]!.resetsAt, NOW + 60_000);
  });

  it("other errors reveal no quota", () => {
    assert.equal(codexQuotaFromErrorBody(JSON.stringify({ error: { type: "invalid_request_error", message: "x" } }), NOW), undefined);
    assert.equal(codexQuotaFromErrorBody("<html>", NOW), undefined);
  });
});

describe("ChatGPT usage endpoint", () => {
  it("reads used_percent as used, window seconds as the window's length", () => {
    assert.deepEqual(
      codexQuotaFromUsageEndpoint({
        plan_type: "pro",
        rate_limit: {
          primary_window: { used_percent: 42, limit_window_seconds: 18_000, reset_at: PRIMARY_RESET },
          secondary_window: { used_percent: 87, limit_window_seconds: 604_800, reset_at: SECONDARY_RESET },
        },
      }),
      [
        { name: "5h", usedPercent: 42, used: 42, limit: 100, unit: "percent", resetsAt: PRIMARY_RESET * 1000 },
        { name: "weekly", usedPercent: 87, used: 87, limit: 100, unit: "percent", resetsAt: SECONDARY_RESET * 1000 },
      ],
    );
  });
});
