import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GatewayError, badRequest } from "../../core/gateway-error";
import { anthropicErrorType, formatAnthropicError, formatAnthropicStreamError } from "./format-error";

describe("anthropicErrorType", () => {
  it("maps statuses to Anthropic's documented error types", () => {
    const table: Array<[number, string]> = [
      [400, "invalid_request_error"], [415, "invalid_request_error"], [422, "invalid_request_error"], [401, "authentication_error"],
      [402, "billing_error"], [403, "permission_error"], [404, "not_found_error"], [413, "request_too_large"], [429, "rate_limit_error"],
      [500, "api_error"], [502, "api_error"], [503, "overloaded_error"], [504, "timeout_error"], [529, "overloaded_error"],
    ];
    for (const [status, type] of table) assert.equal(anthropicErrorType(status), type, `status ${status}`);
  });
});

describe("formatAnthropicError", () => {
  it("writes Anthropic's error body with the public message only", () => {
    const error = new GatewayError({ code: "upstream_rate_limited", status: 429, publicMessage: "Rate limited, retry later.", cause: new Error("secret upstream body") });
    assert.equal(formatAnthropicError(error), '{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited, retry later."}}');
  });

  it("writes the same error as an SSE error event", () => {
    const text = formatAnthropicStreamError(badRequest("invalid_request", "max_tokens: Field required", "max_tokens"));
    assert.equal(text, 'event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}\n\n');
  });
});
