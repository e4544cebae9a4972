import type { JsonObject } from "../shared/json-fields";

/**
 * The `code` a Responses client acts on. Codex reads `response.failed`'s `response.error.code`:
 * `context_length_exceeded`, `insufficient_quota` and `usage_not_included` stop the turn with a clear
 * message, `rate_limit_exceeded` is retried after the delay its message names, anything else is retried as
 * a server error. Upstream codes that already mean one of these pass through; the gateway's own and other
 * providers' codes become the nearest of them.
 */
const KNOWN_CODES: ReadonlySet<string> = new Set([
  "server_error",
  "rate_limit_exceeded",
  "context_length_exceeded",
  "insufficient_quota",
  "usage_not_included",
  "invalid_prompt",
]);

const EQUIVALENT_CODES: Readonly<Record<string, string>> = {
  upstream_rate_limited: "rate_limit_exceeded",
  rate_limit_error: "rate_limit_exceeded",
  overloaded_error: "server_error",
};

export function responsesErrorCode(code: string | undefined): string {
  if (code === undefined) return "server_error";
  if (KNOWN_CODES.has(code)) return code;
  return EQUIVALENT_CODES[code] ?? "server_error";
}

/**
 * The in-band `error` event, in both shapes clients read: the documented one (`code`, `message`, `param` at
 * the top) and the one OpenAI actually sends (`error: {type, code, message, param}`, recorded in
 * openai-error.1), which makes the `openai` SDK throw an APIError from the stream.
 */
export function errorEventData(code: string, message: string): JsonObject {
  return {
    type: "error",
    code,
    message,
    param: null,
    error: { type: code === "rate_limit_exceeded" ? "rate_limit_error" : "server_error", code, message, param: null },
  };
}

/** What a failed answer reports when the canonical response says only that the upstream failed. */
export const UPSTREAM_FAILED = { code: "server_error", message: "The upstream model failed to complete the response." };
