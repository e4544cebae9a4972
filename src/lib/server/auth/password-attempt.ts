import { tooManyAttempts } from "./auth-responses";
import { readAuthState } from "./auth-state";
import { clientIpOf } from "./client-ip-header";
import { verifyPassword } from "./hash-password";
import type { HostRuntime } from "../runtime/create-runtime";


/**
 * Every route that takes the dashboard password (login, password change) checks it the same way: refused
 * while the client address is backing off, then verified against the stored hash, the outcome counted by
 * the login rate limiter. Routes choose their own messages; the limiter sees every attempt.
 */
export function startPasswordAttempt(runtime: HostRuntime, request: Request) {
  const clientIp = clientIpOf(request);
  const limiter = runtime.auth.loginRateLimiter;
  const waitMs = limiter.retryAfterMs(clientIp);
  return {
    /** A 429 while this address must wait, else undefined. */
    refusal: waitMs > 0 ? tooManyAttempts(waitMs) : undefined,
    /** True when `password` is the dashboard password; the outcome is recorded for rate limiting. */
    async verify(password: string): Promise<boolean> {
      const { passwordHash } = readAuthState(runtime.configDb.read());
      const valid = passwordHash !== null && (await verifyPassword(password, passwordHash));
      if (valid) limiter.recordSuccess(clientIp);
      else limiter.recordFailure(clientIp);
      return valid;
    },
  };
}
