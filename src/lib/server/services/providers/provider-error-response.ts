import { apiKeyErrorResponse, noStore } from "../api-keys/api-key-error-response";
import { ProviderConflictError, ProviderInputError, ProviderNotFoundError, UpstreamAnswerError } from "./provider-errors";
import { UpstreamUrlRefusedError } from "./upstream-transport";
import { URL_REFUSAL_MESSAGES } from "./url-refusal-messages";

/**
 * Maps the provider, node, custom-model and alias services' errors to HTTP answers in the shape of /api/keys:
 * 400 with path messages, 404, 409, 400 `url_refused` (SSRF guard), 502 for an upstream that answered nonsense.
 * Anything else (a non-JSON body from `readJsonBody`, unexpected errors) goes to `apiKeyErrorResponse`.
 */
export function providerErrorResponse(error: unknown): Response {
  if (error instanceof ProviderInputError) {
    return Response.json({ error: { code: "invalid_input", message: error.problems.join("; "), problems: error.problems } }, { status: 400, headers: noStore });
  }
  if (error instanceof ProviderNotFoundError) {
    return Response.json({ error: { code: "not_found", message: error.message } }, { status: 404, headers: noStore });
  }
  if (error instanceof ProviderConflictError) {
    return Response.json({ error: { code: error.code, message: error.message } }, { status: 409, headers: noStore });
  }
  if (error instanceof UpstreamUrlRefusedError) {
    return Response.json({ error: { code: "url_refused", message: `Base URL refused: ${URL_REFUSAL_MESSAGES[error.reason]}.` } }, { status: 400, headers: noStore });
  }
  if (error instanceof UpstreamAnswerError) {
    return Response.json({ error: { code: "upstream_error", message: error.message, ...(error.status === undefined ? {} : { status: error.status }) } }, { status: 502, headers: noStore });
  }
  return apiKeyErrorResponse(error);
}
