import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseDuration, parseRetryAfter } from "./parse-retry-after";

const now = Date.parse("2026-11-25T18:00:00.000Z");
// open-sse/src/routing → four levels up is the folder holding both the repo and the shared fixtures.
const googleFixture = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/fixtures/upstream/gemini/google-429-retry-info.json");

describe("parseRetryAfter", () => {
  it("reads retry-after as whole and fractional seconds", () => {
    assert.equal(parseRetryAfter({ "retry-after": "30" }, undefined, now), 30_000);
    assert.equal(parseRetryAfter({ "Retry-After": " 1.5 " }, undefined, now), 1500);
    assert.equal(parseRetryAfter({ "retry-after": "0" }, undefined, now), 0);
  });

  it("reads retry-after as an HTTP-date in the future and clamps one in the past to zero", () => {
    assert.equal(parseRetryAfter({ "retry-after": "Wed, 25 Nov 2026 18:01:30 GMT" }, undefined, now), 90_000);
    assert.equal(parseRetryAfter({ "retry-after": "Wed, 25 Nov 2026 17:00:00 GMT" }, undefined, now), 0);
  });

  it("prefers retry-after-ms over retry-after", () => {
    assert.equal(parseRetryAfter({ "retry-after-ms": "1234", "retry-after": "9" }, undefined, now), 1234);
    assert.equal(parseRetryAfter({ "retry-after-ms": ["250.4"] }, undefined, now), 251);
  });

  it("accepts a Headers object and array-valued headers", () => {
    assert.equal(parseRetryAfter(new Headers({ "Retry-After": "7" }), undefined, now), 7000);
    assert.equal(parseRetryAfter({ "retry-after": ["12", "99"] }, undefined, now), 12_000);
  });

  it("parses OpenAI duration strings", () => {
    assert.equal(parseDuration("1s"), 1000);
    assert.equal(parseDuration("6m0s"), 360_000);
    assert.equal(parseDuration("20ms"), 20);
    assert.equal(parseDuration("1h2m3.5s"), 3_723_500);
    assert.equal(parseDuration("2m59.56s"), 179_560);
    assert.equal(parseDuration("1m30s"), 90_000);
    assert.equal(parseDuration("12"), 12_000);
    assert.equal(parseDuration("soon"), undefined);
    assert.equal(parseDuration(""), undefined);
  });

  it("uses the exhausted window of x-ratelimit-reset-*, else the larger reset", () => {
    const both = { "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s" };
    assert.equal(parseRetryAfter(both, undefined, now), 360_000);
    const requestsHit = { ...both, "x-ratelimit-remaining-requests": "0", "x-ratelimit-remaining-tokens": "1200" };
    assert.equal(parseRetryAfter(requestsHit, undefined, now), 1000);
    assert.equal(parseRetryAfter({ "x-ratelimit-reset-tokens": "20ms" }, undefined, now), 20);
  });

  it("reads Anthropic RFC 3339 reset timestamps", () => {
    const headers = {
      "anthropic-ratelimit-requests-reset": "2026-11-25T18:00:10Z",
      "anthropic-ratelimit-requests-remaining": "41",
      "anthropic-ratelimit-tokens-reset": "2026-11-25T18:00:45Z",
      "anthropic-ratelimit-tokens-remaining": "0",
      "anthropic-ratelimit-input-tokens-reset": "2026-11-25T18:00:50Z",
    };
    assert.equal(parseRetryAfter(headers, undefined, now), 45_000);
    assert.equal(parseRetryAfter({ "anthropic-ratelimit-requests-reset": "2026-11-25T17:59:00Z" }, undefined, now), 0);
  });

  it("prefers retry-after over the rate-limit window headers", () => {
    const headers = { "retry-after": "5", "anthropic-ratelimit-tokens-reset": "2026-11-25T18:00:45Z" };
    assert.equal(parseRetryAfter(headers, undefined, now), 5000);
  });

  it("reads Google RetryInfo from the recorded Gemini 429", { skip: !existsSync(googleFixture) && `fixture absent: ${googleFixture}` }, () => {
    const body: unknown = JSON.parse(readFileSync(googleFixture, "utf8"));
    assert.equal(parseRetryAfter({}, body, now), 34_400);
    assert.equal(parseRetryAfter({}, JSON.stringify(body), now), 34_400, "raw text body");
    assert.equal(parseRetryAfter({}, [body], now), 34_400, "streamed array form");
  });

  it("reads Google RetryInfo in both JSON forms and the Code Assist quota reset", () => {
    const info = (retryDelay: unknown) => ({
      error: { code: 429, details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }] },
    });
    assert.equal(parseRetryAfter({}, info("37s"), now), 37_000);
    assert.equal(parseRetryAfter({}, info("1.5s"), now), 1500);
    assert.equal(parseRetryAfter({}, info({ seconds: 2, nanos: 500_000_000 }), now), 2500);
    const codeAssist = {
      error: {
        code: 429,
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "QUOTA_EXHAUSTED",
            metadata: { quotaResetDelay: "3h12m5s", quotaResetTimeStamp: "2026-11-25T21:12:05Z" },
          },
        ],
      },
    };
    assert.equal(parseRetryAfter({}, codeAssist, now), 11_525_000);
  });

  it("reads reset hints from the error message", () => {
    const openAi = (message: string) => ({ error: { message, type: "requests", code: "rate_limit_exceeded" } });
    assert.equal(parseRetryAfter({}, openAi("Rate limit reached for gpt-4o. Please try again in 20s. Visit …"), now), 20_000);
    assert.equal(parseRetryAfter({}, openAi("Please try again in 1m30s."), now), 90_000);
    assert.equal(parseRetryAfter({}, openAi("Please try again in 1.898s."), now), 1898);
    assert.equal(parseRetryAfter({}, openAi("Please try again in 656ms."), now), 656);
    assert.equal(parseRetryAfter({}, { message: "Too many requests, try again in 5 minutes" }, now), 300_000);
    assert.equal(parseRetryAfter({}, { error: { message: "Your quota resets at 2026-11-26T00:00:00Z." } }, now), 6 * 3_600_000);
    assert.equal(parseRetryAfter({}, "Daily limit hit; quota will reset at 2026-11-25 18:10:00 UTC", now), 600_000);
    assert.equal(parseRetryAfter({}, { error: { message: "resets at 2026-11-24T00:00:00Z" } }, now), 0);
  });

  it("returns undefined when nothing is usable and never throws on garbage", () => {
    assert.equal(parseRetryAfter({}, undefined, now), undefined);
    assert.equal(parseRetryAfter({ "retry-after": "soon" }, { error: { message: "slow down" } }, now), undefined);
    assert.equal(parseRetryAfter({ "retry-after": "-5" }, undefined, now), undefined);
    assert.equal(parseRetryAfter({ "retry-after-ms": "NaN" }, undefined, now), undefined);
    assert.equal(parseRetryAfter({ "x-ratelimit-reset-tokens": "forever" }, undefined, now), undefined);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const garbage: unknown[] = [null, 42, "", "{not json", [], [null], circular, { error: null }, { error: { details: "x" } },
      { error: { details: [null, 1, { "@type": 5 }, { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: { seconds: "x" } }] } },
      { error: { message: 17 } }];
    for (const body of garbage) {
      assert.doesNotThrow(() => parseRetryAfter(body as never, body, now));
      const result = parseRetryAfter({}, body, Number.NaN);
      assert.ok(result === undefined || result >= 0);
    }
  });
});
