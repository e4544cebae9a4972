import { loadOrCreateSecret } from "../secrets/load-or-create-secret";
import { createLoginRateLimiter, type LoginRateLimiter } from "./login-rate-limiter";

/** What the guard and the auth routes share; lives on the host runtime because Next bundles routes separately. */
export interface AuthRuntime {
  jwtSecret: Uint8Array;
  loginRateLimiter: LoginRateLimiter;
  /** True when the server is bound to a loopback address: only then may `requireLogin` be off. */
  loopbackBind: boolean;
  /** AUTH_COOKIE_SECURE=true: always mark the session cookie `Secure` (TLS terminated by a proxy). */
  cookieSecureForced: boolean;
}

export function createAuthRuntime(input: { secretsDir: string; env: NodeJS.ProcessEnv; loopbackBind: boolean }): AuthRuntime {
  return {
    jwtSecret: loadOrCreateSecret({ secretsDir: input.secretsDir, name: "jwt-secret", envValue: input.env.JWT_SECRET }),
    loginRateLimiter: createLoginRateLimiter(),
    loopbackBind: input.loopbackBind,
    cookieSecureForced: input.env.AUTH_COOKIE_SECURE === "true",
  };
}
