import { OAuthNetworkError, type OAuthHttp, type OAuthRoute } from "./oauth-http";

/**
 * Why a token endpoint did not give tokens:
 * - `rejected`: the provider said no to this grant (`invalid_grant`, a revoked or reused refresh token, any other
 *   4xx). Retrying the same grant cannot help: a refresh failure of this kind marks the account `auth-failed`.
 * - `transient`: no answer, a 5xx, 408/425/429, or a success without tokens. The grant may still be good; the
 *   account is kept and tried again later.
 */
export type TokenEndpointFailureKind = "rejected" | "transient";

export class TokenEndpointError extends Error {
  override name = "TokenEndpointError";
  constructor(
    readonly kind: TokenEndpointFailureKind,
    /** The HTTP status, or null when there was no answer. */
    readonly status: number | null,
    /** The OAuth `error` code the provider sent (`invalid_grant`, `refresh_token_reused`…), or null. */
    readonly errorCode: string | null,
    message: string,
    /**
     * What the dashboard shows as the account's status reason when this refusal marks it `auth-failed`, when the
     * flow knows better than the error code (GitHub's "no Copilot access" notice, an expired AWS client). Safe to
     * show: never a token or a raw upstream body.
     */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export interface TokenRequest {
  url: string;
  /** Google and Codex's authorization-code exchange take a form; Claude and Codex's refresh take JSON. */
  encoding: "form" | "json";
  params: Readonly<Record<string, string>>;
  route: OAuthRoute;
  headers?: Readonly<Record<string, string>>;
}

const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/** Posts a grant; resolves with the JSON answer holding `access_token`, or throws a `TokenEndpointError`. */
export async function requestTokens(http: OAuthHttp, tokenRequest: TokenRequest): Promise<Record<string, unknown>> {
  let response;
  try {
    response = await http({
      method: "POST",
      url: tokenRequest.url,
      route: tokenRequest.route,
      ...(tokenRequest.headers === undefined ? {} : { headers: tokenRequest.headers }),
      ...(tokenRequest.encoding === "form" ? { form: tokenRequest.params } : { json: tokenRequest.params }),
    });
  } catch (error) {
    const reason = error instanceof OAuthNetworkError ? error.message : "request failed";
    throw new TokenEndpointError("transient", null, null, `token endpoint unreachable (${reason})`);
  }
  const body = isRecord(response.json) ? response.json : undefined;
  const errorCode = body === undefined ? null : oauthErrorCode(body);
  if (response.status >= 200 && response.status < 300) {
    if (body !== undefined && typeof body.access_token === "string" && body.access_token !== "") return body;
    // AWS SSO OIDC and Kiro's auth service answer in camelCase: read with the RFC names from here on.
    if (body !== undefined && typeof body.accessToken === "string" && body.accessToken !== "") return snakeTokenAnswer(body);
    // Some providers (GitHub) answer 200 with an OAuth error in the body.
    if (errorCode !== null) throw new TokenEndpointError("rejected", response.status, errorCode, `token endpoint refused the grant (${errorCode})`);
    throw new TokenEndpointError("transient", response.status, null, "token endpoint answered without an access token");
  }
  const kind: TokenEndpointFailureKind = response.status >= 500 || TRANSIENT_STATUSES.has(response.status) ? "transient" : "rejected";
  const detail = errorCode === null ? `HTTP ${response.status}` : `HTTP ${response.status}, ${errorCode}`;
  throw new TokenEndpointError(kind, response.status, errorCode, `token endpoint ${kind === "rejected" ? "refused the grant" : "failed"} (${detail})`);
}

/**
 * The provider's error code, wherever it puts it: RFC 6749 `{"error":"invalid_grant"}`, OpenAI's
 * `{"error":{"code":"refresh_token_reused"}}`, or a bare `{"code":…}`. Only short identifier-like codes are kept:
 * this ends up in the dashboard's status reason and must never carry a token or free text from the provider.
 */
export function oauthErrorCode(body: Readonly<Record<string, unknown>>): string | null {
  const candidates: unknown[] = [body.error, isRecord(body.error) ? body.error.code : undefined, isRecord(body.error) ? body.error.type : undefined, body.code];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && /^[A-Za-z0-9_.:-]{1,64}$/.test(candidate)) return candidate;
  }
  return null;
}

/** A camelCase token answer (`accessToken`, `refreshToken`, `expiresIn`, `idToken`) with the RFC names added. */
export function snakeTokenAnswer(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    ...body,
    access_token: body.access_token ?? body.accessToken,
    ...((body.refresh_token ?? body.refreshToken) ? { refresh_token: body.refresh_token ?? body.refreshToken } : {}),
    ...((body.expires_in ?? body.expiresIn) ? { expires_in: body.expires_in ?? body.expiresIn } : {}),
    ...((body.id_token ?? body.idToken) ? { id_token: body.id_token ?? body.idToken } : {}),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
