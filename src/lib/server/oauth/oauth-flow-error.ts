/**
 * A login step that failed in a way the user should hear about: bad or reused state (400), a provider that does
 * not offer the step (400), an unknown flow id (404), the provider refusing the code (502). `message` is safe to
 * show: it never holds a token, a code or an upstream body.
 *
 * Route handlers are bundled apart from the server (Next), so the error is recognised by a marker, not `instanceof`.
 */
const OAUTH_FLOW_ERROR_MARKER = Symbol.for("omniroute.oauth-flow-error");

export type OAuthFlowErrorCode =
  | "invalid_input"
  | "invalid_state"
  | "unsupported"
  | "not_found"
  | "provider_refused"
  | "provider_unreachable"
  | "access_denied"
  | "conflict";

export class OAuthFlowError extends Error {
  override name = "OAuthFlowError";
  readonly [OAUTH_FLOW_ERROR_MARKER] = true;

  constructor(
    readonly status: number,
    readonly code: OAuthFlowErrorCode,
    message: string,
  ) {
    super(message);
  }

  static isInstance(value: unknown): value is OAuthFlowError {
    return typeof value === "object" && value !== null && OAUTH_FLOW_ERROR_MARKER in value;
  }
}

export const invalidInput = (message: string) => new OAuthFlowError(400, "invalid_input", message);
export const invalidState = (message: string) => new OAuthFlowError(400, "invalid_state", message);
