import { decodeJwt } from "jose";
import type { LoginIdentity } from "../oauth-flow-definition";
import { isRecord } from "../token-endpoint";

/**
 * What Codex reads from the id token (codex-rs/login/src/token_data.rs `parse_chatgpt_jwt_claims`): `email` (or the
 * `https://api.openai.com/profile` claim's), and in `https://api.openai.com/auth` the `chatgpt_account_id` (sent as
 * `ChatGPT-Account-Id` on every backend call), `chatgpt_plan_type` (`plus`, `pro`, `team`…) and `chatgpt_user_id`.
 * Decoded, not verified, as Codex itself does: it came straight from the token endpoint over TLS.
 */
export interface CodexIdTokenClaims {
  email?: string;
  chatgptAccountId?: string;
  chatgptPlanType?: string;
  chatgptUserId?: string;
}

export function readCodexIdToken(idToken: string | undefined): CodexIdTokenClaims {
  if (idToken === undefined || idToken.split(".").length !== 3) return {};
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(idToken) as Record<string, unknown>;
  } catch {
    return {};
  }
  const profile = isRecord(claims["https://api.openai.com/profile"]) ? claims["https://api.openai.com/profile"] : {};
  const auth = isRecord(claims["https://api.openai.com/auth"]) ? claims["https://api.openai.com/auth"] : {};
  const email = stringOf(claims.email) ?? stringOf(profile.email);
  const chatgptAccountId = stringOf(auth.chatgpt_account_id);
  const chatgptPlanType = stringOf(auth.chatgpt_plan_type);
  const chatgptUserId = stringOf(auth.chatgpt_user_id) ?? stringOf(auth.user_id);
  return {
    ...(email === undefined ? {} : { email }),
    ...(chatgptAccountId === undefined ? {} : { chatgptAccountId }),
    ...(chatgptPlanType === undefined ? {} : { chatgptPlanType }),
    ...(chatgptUserId === undefined ? {} : { chatgptUserId }),
  };
}

export function codexIdentityOf(claims: CodexIdTokenClaims): LoginIdentity {
  return {
    ...(claims.email === undefined ? {} : { email: claims.email }),
    ...(claims.chatgptAccountId === undefined ? {} : { accountId: claims.chatgptAccountId }),
    ...(claims.chatgptPlanType === undefined ? {} : { plan: claims.chatgptPlanType }),
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
