import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeAssistQuotaFromBuckets, googleQuotaFromErrorBody } from "./google-quota-error";
import { isExhausted, quotaHoldOf } from "./quota-observation";

const NOW = Date.parse("2025-10-20T19:00:00Z");

/** A Code Assist 429 as gemini-cli's own tests record it (googleQuotaErrors.test.ts). */
const quotaExhausted = {
  error: {
    code: 429,
    status: "RESOURCE_EXHAUSTED",
    message: "You have exhausted your capacity on this model. Your quota will reset after 14m8s.",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "QUOTA_EXHAUSTED",
        domain: "cloudcode-pa.googleapis.com",
        metadata: { uiMessage: "true", model: "gemini-2.5-pro", quotaResetDelay: "848.4s", quotaResetTimeStamp: "2025-10-20T19:14:08Z" },
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "848.4s" },
    ],
  },
};

describe("Gemini quota error details", () => {
  it("QUOTA_EXHAUSTED is the model's window, spent until the reset timestamp exactly", () => {
    const windows = googleQuotaFromErrorBody(JSON.stringify(quotaExhausted), NOW)!;
    assert.deepEqual(windows, [
      { name: "quota gemini-2.5-pro", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: Date.parse("2025-10-20T19:14:08Z"), scope: "model" },
    ]);
    assert.ok(isExhausted(windows[0]!, NOW));
    assert.deepEqual(quotaHoldOf(windows, NOW), { model: Date.parse("2025-10-20T19:14:08Z") });
  });

  it("without a timestamp: the reset delay, then RetryInfo; a daily QuotaFailure names the window", () => {
    const daily = {
      error: {
        code: 429,
        message: "Quota exceeded",
        details: [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ subject: "user", quotaId: "RequestsPerDay-limit" }] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "10s" },
        ],
      },
    };
    assert.deepEqual(googleQuotaFromErrorBody(JSON.stringify(daily), NOW), [{ name: "daily", usedPercent: 100, used: 100, limit: 100, unit: "percent", resetsAt: NOW + 10_000 }]);
    const streamedAsArray = JSON.stringify([quotaExhausted]);
    assert.equal(googleQuotaFromErrorBody(streamedAsArray, NOW)![0]!.name, "quota gemini-2.5-pro");
  });

  it("capacity exhaustion (Google's, not the user's) and other errors reveal no quota", () => {
    const capacity = { error: { code: 429, message: "No capacity", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "MODEL_CAPACITY_EXHAUSTED" }] } };
    assert.equal(googleQuotaFromErrorBody(JSON.stringify(capacity), NOW), undefined);
    assert.equal(googleQuotaFromErrorBody(JSON.stringify({ error: { code: 400, message: "bad" } }), NOW), undefined);
    assert.equal(googleQuotaFromErrorBody("not json", NOW), undefined);
  });
});

describe("Code Assist retrieveUserQuota buckets", () => {
  it("the API says what is LEFT; the window says what is USED", () => {
    const windows = codeAssistQuotaFromBuckets({
      buckets: [
        { modelId: "gemini-2.5-pro", tokenType: "REQUESTS", remainingFraction: 0.8, remainingAmount: "80", resetTime: "2025-10-21T00:00:00Z" },
        { modelId: "gemini-2.5-flash", tokenType: "REQUESTS", remainingFraction: 0, resetTime: "2025-10-21T00:00:00Z" },
      ],
    });
    assert.deepEqual(windows[0], { name: "daily gemini-2.5-pro", usedPercent: 20, used: 20, limit: 100, unit: "requests", resetsAt: Date.parse("2025-10-21T00:00:00Z"), scope: "model" });
    assert.equal(windows[1]!.usedPercent, 100, "nothing left is spent, never full");
    assert.ok(isExhausted(windows[1]!, NOW));
  });
});
