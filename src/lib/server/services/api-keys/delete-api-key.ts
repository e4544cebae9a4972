import { ApiKeyNotFoundError } from "./api-key-errors";
import type { ApiKeysDependencies } from "./api-keys-dependencies";

/**
 * Removes a key; the engine refuses it from the next snapshot on. A key that comes from the config file
 * is added again the next time that file is applied (at start): remove it there too.
 */
export async function deleteApiKey(dependencies: Pick<ApiKeysDependencies, "configDb">, id: string): Promise<void> {
  await dependencies.configDb.update((draft) => {
    const index = draft.apiKeys.findIndex((candidate) => candidate.id === id);
    if (index === -1) throw new ApiKeyNotFoundError();
    draft.apiKeys.splice(index, 1);
  });
}
