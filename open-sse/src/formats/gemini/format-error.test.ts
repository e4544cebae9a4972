import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { badRequest, GatewayError } from "../../core/gateway-error";
import { formatGeminiError, formatGeminiErrorEvent, formatGeminiStreamError, googleStatusForHttp } from "./format-error";

describe("formatGeminiError", () => {
  it("renders Google's error body", () => {
    assert.deepEqual(JSON.parse(formatGeminiError(badRequest("invalid_request", "contents: is required", "contents"))), {
      error: { code: 400, message: "contents: is required", status: "INVALID_ARGUMENT" },
    });
  });

  it("adds RetryInfo when the gateway knows the wait", () => {
    const error = new GatewayError({ code: "upstream_rate_limited", status: 429, publicMessage: "All accounts are rate limited.", retryAfterSeconds: 34 });
    assert.deepEqual(JSON.parse(formatGeminiError(error)), {
      error: {
        code: 429,
        message: "All accounts are rate limited.",
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "34s" }],
      },
    });
  });

  it("maps HTTP statuses to gRPC status names", () => {
    const expected: Array<[number, string]> = [
      [401, "UNAUTHENTICATED"],
      [403, "PERMISSION_DENIED"],
      [404, "NOT_FOUND"],
      [413, "INVALID_ARGUMENT"],
      [422, "INVALID_ARGUMENT"],
      [500, "INTERNAL"],
      [502, "UNAVAILABLE"],
      [503, "UNAVAILABLE"],
      [504, "DEADLINE_EXCEEDED"],
    ];
    for (const [status, name] of expected) assert.equal(googleStatusForHttp(status), name, String(status));
  });

  it("writes stream errors as one SSE event", () => {
    const text = formatGeminiStreamError(new GatewayError({ code: "upstream_timeout", status: 504, publicMessage: "Timed out." }));
    assert.equal(text, 'data: {"error":{"code":504,"message":"Timed out.","status":"DEADLINE_EXCEEDED"}}\r\n\r\n');
  });
});

describe("formatGeminiErrorEvent", () => {
  it("keeps Google statuses and maps other formats' codes", () => {
    assert.equal(formatGeminiErrorEvent("busy", "UNAVAILABLE"), 'data: {"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}\r\n\r\n');
    assert.match(formatGeminiErrorEvent("slow down", "rate_limit_error"), /"code":429,.*"status":"RESOURCE_EXHAUSTED"/);
    assert.match(formatGeminiErrorEvent("cut", "stream_interrupted"), /"code":503,.*"status":"UNAVAILABLE"/);
    assert.match(formatGeminiErrorEvent("?", undefined), /"code":500,.*"status":"INTERNAL"/);
    assert.match(formatGeminiErrorEvent("?", "toString"), /"code":500,.*"status":"INTERNAL"/);
  });
});
