import { SESSION_COOKIE_NAME, SESSION_TTL_SECONDS } from "./session-token";

/** The value of one cookie from a `Cookie` header, or undefined. */
export function readCookie(cookieHeader: string | undefined | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/**
 * `Secure` when forced (AUTH_COOKIE_SECURE=true, TLS ends at a proxy) or the request evidently came over HTTPS.
 * Trusting x-forwarded-proto here is safe: it can only add `Secure`, never weaken the cookie.
 */
export function shouldUseSecureCookie(request: Request, forced: boolean): boolean {
  if (forced) return true;
  if (new URL(request.url).protocol === "https:") return true;
  const forwarded = request.headers.get("x-forwarded-proto");
  return forwarded !== null && forwarded.split(",")[0]!.trim().toLowerCase() === "https";
}

export function sessionCookie(token: string, secure: boolean): string {
  return [`${SESSION_COOKIE_NAME}=${token}`, "Path=/", `Max-Age=${SESSION_TTL_SECONDS}`, "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE_NAME}=`, "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])].join("; ");
}
