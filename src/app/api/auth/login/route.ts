import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing, tooManyAttempts } from "@/lib/server/auth/auth-responses";
import { readAuthState } from "@/lib/server/auth/auth-state";
import { clientIpOf } from "@/lib/server/auth/client-ip-header";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { verifyPassword } from "@/lib/server/auth/hash-password";
import { sessionCookie, shouldUseSecureCookie } from "@/lib/server/auth/session-cookie";
import { createSessionToken } from "@/lib/server/auth/session-token";

export const dynamic = "force-dynamic";

const loginBody = z.object({ password: z.string().min(1).max(1024) });

/** One message for every failure, so a caller learns nothing beyond "no". */
const INVALID = "Invalid password.";

export async function POST(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const { loginRateLimiter, jwtSecret, cookieSecureForced } = runtime.auth;
  const clientIp = clientIpOf(request);

  const waitMs = loginRateLimiter.retryAfterMs(clientIp);
  if (waitMs > 0) return tooManyAttempts(waitMs);

  const body = await readJsonBody(request, loginBody);
  if (body instanceof Response) return body;

  const { passwordHash } = readAuthState(runtime.configDb.read());
  const valid = passwordHash !== null && (await verifyPassword(body.password, passwordHash));
  if (!valid) {
    loginRateLimiter.recordFailure(clientIp);
    return jsonError(401, "invalid_credentials", INVALID);
  }
  loginRateLimiter.recordSuccess(clientIp);
  const token = await createSessionToken(jwtSecret);
  return jsonOk({ ok: true }, { "set-cookie": sessionCookie(token, shouldUseSecureCookie(request, cookieSecureForced)) });
}
