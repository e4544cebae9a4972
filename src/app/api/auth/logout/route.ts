import { jsonOk } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { clearedSessionCookie, shouldUseSecureCookie } from "@/lib/server/auth/session-cookie";

export const dynamic = "force-dynamic";

/** Clears the session cookie. Allowlisted: it only ever removes the caller's own cookie, even an expired one. */
export function POST(request: Request): Response {
  const forced = findHostRuntime()?.auth.cookieSecureForced ?? false;
  return jsonOk({ ok: true }, { "set-cookie": clearedSessionCookie(shouldUseSecureCookie(request, forced)) });
}
