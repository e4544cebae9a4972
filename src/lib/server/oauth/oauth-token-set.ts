import { decodeJwt } from "jose";
import { z } from "zod";
import { decryptSecret, encryptSecret } from "../secrets/encrypt-secret";

/**
 * What one OAuth connection holds, stored as `oauth.credentialsEncrypted` (AES-256-GCM under the storage key)
 * in db.json. Only the token manager and the flows ever see it decrypted; no API answer and no log line does.
 */
export interface OAuthTokenSet {
  accessToken: string;
  /** Null: the provider gave none (the connection cannot be refreshed; the user reconnects on expiry). */
  refreshToken: string | null;
  /** Epoch ms when the access token expires; null: unknown. */
  expiresAt: number | null;
  /** OpenID Connect id token (Codex: the plan and workspace claims). */
  idToken?: string;
  /** The scopes the provider granted (Claude Code asks for the same ones again on refresh). */
  scope?: string;
  /** Epoch ms of the login or the last refresh (Codex refreshes tokens of unknown expiry after 8 days). */
  obtainedAt: number;
  /** What upstream calls need beside the token (`chatgptAccountId`, `projectId`): never secrets. */
  extras: Record<string, string>;
  /**
   * Epoch ms from which the flow wants new tokens whatever the expiry margin says: GitHub Copilot asks again
   * `refresh_in − 60` s after each exchange, well before its token expires. Absent: the margin rule alone.
   */
  refreshAt?: number;
  /**
   * What the flow's own refresh needs beside the refresh token, kept encrypted with the rest and never handed to
   * the engine: the GitHub token behind a Copilot token, Kiro's AWS OIDC client id and secret.
   */
  secrets?: Record<string, string>;
}

const tokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  expiresAt: z.number().nullable(),
  idToken: z.string().optional(),
  scope: z.string().optional(),
  obtainedAt: z.number(),
  extras: z.record(z.string(), z.string()),
  refreshAt: z.number().optional(),
  secrets: z.record(z.string(), z.string()).optional(),
});

export function encryptTokenSet(tokens: OAuthTokenSet, storageKey: Buffer): string {
  return encryptSecret(JSON.stringify(tokens), storageKey);
}

/** Throws (without the value in the message) when the key is wrong, the value tampered with, or the JSON malformed. */
export function decryptTokenSet(value: string, storageKey: Buffer): OAuthTokenSet {
  const plain = decryptSecret(value, storageKey);
  let raw: unknown;
  try {
    raw = JSON.parse(plain);
  } catch {
    throw new Error("stored OAuth credentials are not JSON");
  }
  const result = tokenSetSchema.safeParse(raw);
  if (!result.success) throw new Error("stored OAuth credentials have an unexpected shape");
  return result.data;
}

/**
 * A token endpoint's answer (authorization code, device code or refresh grant) as a token set. A refresh answer
 * without a `refresh_token` keeps the previous one (Google never rotates); one with a new one replaces it (Claude
 * and Codex rotate on every refresh, and the old one stops working).
 */
export function tokenSetFromResponse(body: Readonly<Record<string, unknown>>, now: number, previous?: OAuthTokenSet): OAuthTokenSet {
  const accessToken = body.access_token;
  if (typeof accessToken !== "string" || accessToken === "") throw new Error("token answer has no access_token");
  const refreshToken = typeof body.refresh_token === "string" && body.refresh_token !== "" ? body.refresh_token : (previous?.refreshToken ?? null);
  const idToken = typeof body.id_token === "string" && body.id_token !== "" ? body.id_token : previous?.idToken;
  const scope = typeof body.scope === "string" ? body.scope : previous?.scope;
  return {
    accessToken,
    refreshToken,
    expiresAt: expiryOf(body.expires_in, accessToken, now),
    ...(idToken === undefined ? {} : { idToken }),
    ...(scope === undefined ? {} : { scope }),
    obtainedAt: now,
    extras: { ...(previous?.extras ?? {}) },
    ...(previous?.secrets === undefined ? {} : { secrets: { ...previous.secrets } }),
  };
}

/** `expires_in` (seconds, number or numeric string), else the `exp` claim of a JWT access token, else unknown. */
export function expiryOf(expiresIn: unknown, accessToken: string, now: number): number | null {
  const seconds = typeof expiresIn === "number" ? expiresIn : typeof expiresIn === "string" && /^\d+$/.test(expiresIn) ? Number(expiresIn) : undefined;
  if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) return now + seconds * 1000;
  return jwtExpiry(accessToken);
}

/** The `exp` claim (epoch ms) of a JWT, or null when the token is not a JWT or has none. */
export function jwtExpiry(token: string): number | null {
  if (token.split(".").length !== 3) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
