import type { StoredApiKey, StoredKeyBudget } from "../../config-db/config-db-schema";

/** What the management API shows of a key: never the key, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The non-secret lookup prefix (`omr_AbCd1234`, or `omr-test…` for config-file keys). */
  prefix: string;
  enabled: boolean;
  expiresAt: string | null;
  allowedModels: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  /** Cost limits; null: none. Spend against them: GET /api/usage/budgets. */
  budget: StoredKeyBudget | null;
}

export function toApiKeyView(stored: StoredApiKey): ApiKeyView {
  return {
    id: stored.id,
    name: stored.name,
    prefix: stored.prefix,
    enabled: stored.enabled,
    expiresAt: stored.expiresAt,
    allowedModels: stored.allowedModels === null ? null : [...stored.allowedModels],
    createdAt: stored.createdAt,
    lastUsedAt: stored.lastUsedAt,
    budget: stored.budget === undefined ? null : { ...stored.budget },
  };
}
