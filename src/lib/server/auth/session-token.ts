import { jwtVerify, SignJWT } from "jose";

export const SESSION_COOKIE_NAME = "auth_token";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const ISSUER = "omniroute";
const SUBJECT = "admin";

export interface SessionClaims {
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

/** An HS256 JWT for the single dashboard user, valid for 12 hours. */
export async function createSessionToken(secret: Uint8Array, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(SUBJECT)
    .setIssuer(ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(secret);
}

/** The claims of a valid token; undefined for an expired, tampered, foreign or malformed one (never throws). */
export async function verifySessionToken(
  token: string,
  secret: Uint8Array,
  now: Date = new Date(),
): Promise<SessionClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      subject: SUBJECT,
      currentDate: now,
      requiredClaims: ["iat", "exp"],
    });
    return { issuedAt: payload.iat!, expiresAt: payload.exp! };
  } catch {
    return undefined;
  }
}

/**
 * A session issued before the password last changed no longer counts. Compared at whole seconds (the
 * precision of `iat`), so the session issued right after a change stays valid.
 */
export function isSessionCurrent(claims: SessionClaims, passwordChangedAt: string | null | undefined): boolean {
  if (!passwordChangedAt) return true;
  const changedAtSeconds = Math.floor(Date.parse(passwordChangedAt) / 1000);
  return Number.isNaN(changedAtSeconds) || claims.issuedAt >= changedAtSeconds;
}
