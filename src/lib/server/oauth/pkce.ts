import { createHash, randomBytes } from "node:crypto";

/**
 * PKCE (RFC 7636) with S256, the only method every provider here accepts. The verifier is 64 random bytes in
 * base64url (86 characters, inside the 43–128 the RFC allows), as Codex and Claude Code make theirs.
 */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(64).toString("base64url");
  return { verifier, challenge: pkceChallengeOf(verifier) };
}

export function pkceChallengeOf(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** 32 random bytes: the single-use `state` that ties a callback to the login that started it. */
export function createOAuthState(): string {
  return randomBytes(32).toString("base64url");
}
