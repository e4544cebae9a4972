import type { GatewayError } from "../../core/gateway-error";
import type { GoogleErrorStatus } from "./gemini-wire";

/** Google's HTTP → gRPC status pairs (google.rpc.Code), as its APIs report them in `error.status`. */
export function googleStatusForHttp(status: number): GoogleErrorStatus {
  switch (status) {
    case 400:
    case 413:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 408:
    case 504:
      return "DEADLINE_EXCEEDED";
    case 412:
      return "FAILED_PRECONDITION";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 501:
      return "UNIMPLEMENTED";
    case 502:
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
  }
}

interface GoogleErrorBody {
  error: { code: number; message: string; status: GoogleErrorStatus; details?: Array<Record<string, unknown>> };
}

function errorBody(code: number, message: string, status: GoogleErrorStatus, retryAfterSeconds?: number): GoogleErrorBody {
  const body: GoogleErrorBody = { error: { code, message, status } };
  // Gemini CLI and the Google SDKs read the wait from RetryInfo, as Gemini's own 429s carry it.
  if (retryAfterSeconds !== undefined) {
    body.error.details = [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds}s` }];
  }
  return body;
}

/** Google's error body: `{"error":{"code":<http status>,"message","status":"<gRPC status>"}}`. */
export function formatGeminiError(error: GatewayError): string {
  return JSON.stringify(errorBody(error.status, error.publicMessage, googleStatusForHttp(error.status), error.retryAfterSeconds));
}

/** The same error as the terminal event of a stream already under way (`@google/genai` throws on it). */
export function formatGeminiStreamError(error: GatewayError): string {
  return `data: ${formatGeminiError(error)}\r\n\r\n`;
}

const HTTP_FOR_GOOGLE_STATUS: Readonly<Record<GoogleErrorStatus, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** Error codes other formats' stream parsers and the gateway put on error events, as HTTP statuses. */
const HTTP_FOR_EVENT_CODE: Readonly<Record<string, number>> = {
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  upstream_rate_limited: 429,
  overloaded_error: 503,
  stream_interrupted: 503,
  upstream_unreachable: 503,
  upstream_timeout: 504,
  invalid_request_error: 400,
  context_length_exceeded: 400,
};

/** A canonical stream `error` event (message, code from the upstream or the gateway) as Google's error event. */
export function formatGeminiErrorEvent(message: string, code: string | undefined): string {
  const googleStatus = code !== undefined && Object.hasOwn(HTTP_FOR_GOOGLE_STATUS, code) ? (code as GoogleErrorStatus) : undefined;
  const eventHttp = code !== undefined && Object.hasOwn(HTTP_FOR_EVENT_CODE, code) ? HTTP_FOR_EVENT_CODE[code] : undefined;
  const http = googleStatus !== undefined ? HTTP_FOR_GOOGLE_STATUS[googleStatus] : (eventHttp ?? 500);
  return `data: ${JSON.stringify(errorBody(http, message, googleStatus ?? googleStatusForHttp(http)))}\r\n\r\n`;
}
