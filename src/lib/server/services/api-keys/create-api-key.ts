import { randomUUID } from "node:crypto";
import { z } from "zod";
import { clientKeyLookupPrefix, generateClientKey } from "../../../../../open-sse/src/security/client-key-format";
import { ApiKeyNameTakenError } from "./api-key-errors";
import { apiKeyAllowedModelsSchema, apiKeyBudgetSchema, apiKeyExpirySchema, apiKeyNameSchema, parseApiKeyInput } from "./api-key-input";
import type { ApiKeysDependencies } from "./api-keys-dependencies";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";

export const createApiKeyInputSchema = z.strictObject({
  name: apiKeyNameSchema,
  expiresAt: apiKeyExpirySchema.optional(),
  allowedModels: apiKeyAllowedModelsSchema.optional(),
  budget: apiKeyBudgetSchema.optional(),
});

export interface CreatedApiKey extends ApiKeyView {
  /** The full key: returned this once, never stored and never shown again. */
  key: string;
}

/** Generates a key, stores only its prefix and HMAC, and returns the key once. */
export async function createApiKey(dependencies: ApiKeysDependencies, input: unknown): Promise<CreatedApiKey> {
  const fields = parseApiKeyInput(createApiKeyInputSchema, input);
  const key = generateClientKey();
  const id = randomUUID();
  const createdAt = (dependencies.now ?? (() => new Date()))().toISOString();
  await dependencies.configDb.update((draft) => {
    if (draft.apiKeys.some((existing) => existing.name === fields.name)) throw new ApiKeyNameTakenError();
    draft.apiKeys.push({
      id,
      name: fields.name,
      prefix: clientKeyLookupPrefix(key),
      hash: dependencies.digestClientKey(key).toString("hex"),
      createdAt,
      enabled: true,
      expiresAt: fields.expiresAt ?? null,
      allowedModels: fields.allowedModels ?? null,
      lastUsedAt: null,
      logRequestContent: true,
      ...(fields.budget ? { budget: fields.budget } : {}),
    });
  });
  const stored = dependencies.configDb.read().apiKeys.find((candidate) => candidate.id === id);
  if (stored === undefined) throw new Error("the created API key was not stored");
  return { ...toApiKeyView(stored), key };
}
