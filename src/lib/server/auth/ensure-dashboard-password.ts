import type { ConfigDb } from "../config-db/open-config-db";
import { generatePassword } from "./generate-password";
import { hashPassword } from "./hash-password";

export interface EnsureDashboardPasswordInput {
  configDb: Pick<ConfigDb, "read" | "update">;
  env: Record<string, string | undefined>;
}

/**
 * Makes sure a dashboard password exists, so no install ever runs with a well-known one. When none is stored:
 * INITIAL_PASSWORD if set (only its hash is stored), else a random one whose plain value is returned once so
 * the server can print it on stdout. Never logged. Once a hash exists, INITIAL_PASSWORD is ignored.
 */
export async function ensureDashboardPassword(input: EnsureDashboardPasswordInput): Promise<{ generated?: string }> {
  const { configDb, env } = input;
  if (configDb.read().auth?.passwordHash) return {};
  const initial = env.INITIAL_PASSWORD;
  const chosen = initial !== undefined && initial !== "" ? initial : undefined;
  const password = chosen ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await configDb.update((draft) => {
    draft.auth = {
      passwordHash,
      requireLogin: draft.auth?.requireLogin ?? true,
      passwordChangedAt: new Date().toISOString(),
    };
  });
  return chosen === undefined ? { generated: password } : {};
}
