import { ProviderNotFoundError } from "./provider-errors";
import type { ProvidersDependencies } from "./providers-dependencies";

/**
 * Removes a provider's stored entry with every connection, custom model and setting (`DELETE /api/providers/{id}`
 * with a provider id). A built-in provider stays in the catalog, unconfigured; a node is gone.
 */
export async function deleteProvider(dependencies: Pick<ProvidersDependencies, "configDb">, providerId: string): Promise<void> {
  await dependencies.configDb.update((draft) => {
    const index = draft.providers.findIndex((candidate) => candidate.id === providerId);
    if (index === -1) throw new ProviderNotFoundError(`Provider '${providerId}' has nothing stored.`);
    draft.providers.splice(index, 1);
  });
}
