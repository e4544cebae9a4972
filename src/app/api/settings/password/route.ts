import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { hashPassword } from "@/lib/server/auth/hash-password";
import { startPasswordAttempt } from "@/lib/server/auth/password-attempt";
import { sessionCookie, shouldUseSecureCookie } from "@/lib/server/auth/session-cookie";
import { createSessionToken } from "@/lib/server/auth/session-token";

export const dynamic = "force-dynamic";

const MIN_PASSWORD_LENGTH = 12;

const changeBody = z.object({
  oldPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});

/**
 * Changes the dashboard password (the session guard already required a login). The old password is required
 * so a borrowed session cannot lock the owner out. Every other session ends: tokens issued before
 * `passwordChangedAt` stop counting; this caller gets a fresh cookie.
 */
export async function POST(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const { jwtSecret, cookieSecureForced } = runtime.auth;
  const attempt = startPasswordAttempt(runtime, request);
  if (attempt.refusal) return attempt.refusal;

  const body = await readJsonBody(request, changeBody);
  if (body instanceof Response) return body;

  if (!(await attempt.verify(body.oldPassword))) {
    return jsonError(403, "invalid_credentials", "The current password is wrong.");
  }
  if (body.newPassword === body.oldPassword) {
    return jsonError(400, "invalid_request", "newPassword: must differ from the current password");
  }
  const newHash = await hashPassword(body.newPassword);
  const changedAt = new Date();
  await runtime.configDb.update((draft) => {
    draft.auth = { requireLogin: draft.auth?.requireLogin ?? true, passwordHash: newHash, passwordChangedAt: changedAt.toISOString() };
  });
  const token = await createSessionToken(jwtSecret, changedAt);
  return jsonOk({ ok: true }, { "set-cookie": sessionCookie(token, shouldUseSecureCookie(request, cookieSecureForced)) });
}
