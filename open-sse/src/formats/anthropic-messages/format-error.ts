import type { GatewayError } from "../../core/gateway-error";
import { sseEvent } from "./sse-event";

/**
 * Anthropic's error `type` for an HTTP status, as Anthropic documents them (https://docs.claude.com/en/api/errors):
 * 503 (every route cooling down or unavailable) reads as `overloaded_error`, Anthropic's word for "temporarily
 * unable to serve, retry later"; other 4xx are `invalid_request_error`, other 5xx `api_error`.
 */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return "authentication_error";
    case 402:
      return "billing_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 503:
    case 529:
      return "overloaded_error";
    case 504:
      return "timeout_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

function errorBody(error: GatewayError): { type: "error"; error: { type: string; message: string } } {
  return { type: "error", error: { type: anthropicErrorType(error.status), message: error.publicMessage } };
}

/** `{"type":"error","error":{"type","message"}}`, the body of every Anthropic error response. */
export function formatAnthropicError(error: GatewayError): string {
  return JSON.stringify(errorBody(error));
}

/** The same error as the terminal `event: error` of a stream already under way. */
export function formatAnthropicStreamError(error: GatewayError): string {
  return sseEvent("error", errorBody(error));
}
