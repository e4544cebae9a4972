import { z } from "zod";
import { ApiKeyNameTakenError, ApiKeyNotFoundError } from "./api-key-errors";
import { apiKeyAllowedModelsSchema, apiKeyBudgetSchema, apiKeyExpirySchema, apiKeyNameSchema, parseApiKeyInput } from "./api-key-input";
import type { ApiKeysDependencies } from "./api-keys-dependencies";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";

/**
 * Absent fields stay as they are; `null` clears an expiry, an allowlist or a budget; a budget given replaces the
 * stored one whole (a limit it leaves out is no limit). The key itself never changes.
 */
export const updateApiKeyInputSchema = z.strictObject({
  name: apiKeyNameSchema.optional(),
  enabled: z.boolean().optional(),
  expiresAt: apiKeyExpirySchema.optional(),
  allowedModels: apiKeyAllowedModelsSchema.optional(),
  budget: apiKeyBudgetSchema.optional(),
});

export async function updateApiKey(dependencies: Pick<ApiKeysDependencies, "configDb">, id: string, input: unknown): Promise<ApiKeyView> {
  const fields = parseApiKeyInput(updateApiKeyInputSchema, input);
  await dependencies.configDb.update((draft) => {
    const stored = draft.apiKeys.find((candidate) => candidate.id === id);
    if (stored === undefined) throw new ApiKeyNotFoundError();
    if (fields.name !== undefined && draft.apiKeys.some((other) => other.id !== id && other.name === fields.name)) {
      throw new ApiKeyNameTakenError();
    }
    if (fields.name !== undefined) stored.name = fields.name;
    if (fields.enabled !== undefined) stored.enabled = fields.enabled;
    if (fields.expiresAt !== undefined) stored.expiresAt = fields.expiresAt;
    if (fields.allowedModels !== undefined) stored.allowedModels = fields.allowedModels;
    if (fields.budget === null) delete stored.budget;
    else if (fields.budget !== undefined) stored.budget = fields.budget;
  });
  const stored = dependencies.configDb.read().apiKeys.find((candidate) => candidate.id === id);
  if (stored === undefined) throw new ApiKeyNotFoundError();
  return toApiKeyView(stored);
}
