import { z } from "zod";
import { jsonError, jsonOk, readJsonBody, runtimeMissing } from "@/lib/server/auth/auth-responses";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { startPasswordAttempt } from "@/lib/server/auth/password-attempt";
import { sessionCookie, shouldUseSecureCookie } from "@/lib/server/auth/session-cookie";
import { createSessionToken } from "@/lib/server/auth/session-token";

export const dynamic = "force-dynamic";

const loginBody = z.object({ password: z.string().min(1).max(1024) });

/** One message for every failure, so a caller learns nothing beyond "no". */
const INVALID = "Invalid password.";

export async function POST(request: Request): Promise<Response> {
  const runtime = findHostRuntime();
  if (!runtime) return runtimeMissing();
  const { jwtSecret, cookieSecureForced } = runtime.auth;
  const attempt = startPasswordAttempt(runtime, request);
  if (attempt.refusal) return attempt.refusal;

  const body = await readJsonBody(request, loginBody);
  if (body instanceof Response) return body;

  if (!(await attempt.verify(body.password))) return jsonError(401, "invalid_credentials", INVALID);
  const token = await createSessionToken(jwtSecret);
  return jsonOk({ ok: true }, { "set-cookie": sessionCookie(token, shouldUseSecureCookie(request, cookieSecureForced)) });
}
