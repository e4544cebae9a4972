import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { upstreamStatusFailure } from "./upstream-status-failure";

const failure = (status: number, body = "", headers: Record<string, string> = {}) =>
  upstreamStatusFailure(status, headers, body, "openai", "main");

describe("upstreamStatusFailure", () => {
  it("maps each status class", () => {
    const table: [number, number, string][] = [
      [400, 400, "upstream_invalid_request"],
      [404, 404, "upstream_invalid_request"],
      [413, 413, "upstream_invalid_request"],
      [422, 422, "upstream_invalid_request"],
      [409, 400, "upstream_invalid_request"],
      [401, 502, "upstream_auth_failed"],
      [403, 502, "upstream_auth_failed"],
      [429, 429, "upstream_rate_limited"],
      [500, 502, "upstream_error"],
      [503, 502, "upstream_error"],
    ];
    for (const [upstream, expectedStatus, code] of table) {
      const error = failure(upstream);
      assert.equal(error.status, expectedStatus, `status for ${upstream}`);
      assert.equal(error.code, code, `code for ${upstream}`);
    }
  });

  it("reads Retry-After as seconds or an HTTP date, clamped", () => {
    assert.equal(failure(429, "", { "retry-after": "12" }).retryAfterSeconds, 12);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = failure(429, "", { "retry-after": inTenSeconds }).retryAfterSeconds!;
    assert.ok(fromDate >= 9 && fromDate <= 11);
    assert.equal(failure(429, "", { "retry-after": "99999999" }).retryAfterSeconds, 86_400);
    assert.equal(failure(429, "", { "retry-after": "soon" }).retryAfterSeconds, undefined);
  });

  it("keeps a request error's message but scrubs URLs and keys, and never shows non-JSON bodies", () => {
    const message = failure(400, JSON.stringify({ error: { message: "Bad key sk-proj-abcdefghijklmnop at https://internal.example/x: context too long" } })).publicMessage;
    assert.match(message, /context too long/);
    assert.doesNotMatch(message, /sk-proj|internal\.example/);
    assert.doesNotMatch(failure(400, "<html>stack trace</html>").publicMessage, /stack/);
    assert.doesNotMatch(failure(500, JSON.stringify({ error: { message: "db at 10.1.1.1 down" } })).publicMessage, /10\.1\.1\.1/);
  });
});
