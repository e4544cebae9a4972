import type { ConfigDocument } from "../config-db/config-db-schema";

export interface AuthState {
  passwordHash: string | null;
  requireLogin: boolean;
  passwordChangedAt: string | null;
}

/** The stored login settings, with the secure defaults for a document that has none yet. */
export function readAuthState(document: ConfigDocument): AuthState {
  return {
    passwordHash: document.auth?.passwordHash ?? null,
    requireLogin: document.auth?.requireLogin ?? true,
    passwordChangedAt: document.auth?.passwordChangedAt ?? null,
  };
}

/** Login may be skipped only when the user turned it off AND nothing but this machine can reach the server. */
export function isLoginRequired(state: AuthState, loopbackBind: boolean): boolean {
  return state.requireLogin || !loopbackBind;
}
