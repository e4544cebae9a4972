/**
 * The one error type the engine raises for anything a client should hear about. `publicMessage` is safe to
 * show: it never contains upstream URLs, keys or upstream bodies. Each wire format renders it in its own shape.
 */
export type GatewayErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "unsupported_content_type"
  | "body_too_large"
  | "forbidden_key"
  | "too_deep"
  | "missing_model"
  | "unknown_model"
  | "unsupported_route"
  | "method_not_allowed"
  | "invalid_api_key"
  | "model_not_allowed"
  | "no_accounts"
  | "routes_unavailable"
  | "format_not_supported"
  | "upstream_unreachable"
  | "proxy_failed"
  | "upstream_timeout"
  | "upstream_error"
  | "upstream_auth_failed"
  | "upstream_rate_limited"
  | "budget_exceeded"
  | "upstream_invalid_request"
  | "stream_interrupted"
  | "internal_error";

export type ErrorKind =
  | "invalid_request_error"
  | "authentication_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error";

export interface GatewayErrorOptions {
  code: GatewayErrorCode;
  status: number;
  publicMessage: string;
  kind?: ErrorKind;
  /** The request field at fault (OpenAI's `param`). */
  param?: string | null;
  retryable?: boolean;
  /** Seconds, forwarded as Retry-After when set. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

const GATEWAY_ERROR_MARKER = Symbol.for("omniroute.gateway-error");

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly publicMessage: string;
  readonly kind: ErrorKind;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly [GATEWAY_ERROR_MARKER] = true;

  constructor(options: GatewayErrorOptions) {
    super(options.publicMessage, { cause: options.cause });
    this.name = "GatewayError";
    this.code = options.code;
    this.status = options.status;
    this.publicMessage = options.publicMessage;
    this.kind = options.kind ?? kindForStatus(options.status);
    this.param = options.param ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Works across duplicated module copies (Next bundles its own), unlike `instanceof`. */
  static isInstance(value: unknown): value is GatewayError {
    return typeof value === "object" && value !== null && GATEWAY_ERROR_MARKER in value;
  }
}

function kindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

export function badRequest(code: GatewayErrorCode, publicMessage: string, param: string | null = null): GatewayError {
  return new GatewayError({ code, status: 400, publicMessage, param });
}
