import { findConnection } from "./find-connection";
import type { ProvidersDependencies } from "./providers-dependencies";

/**
 * Removes one connection; the engine stops using it from the next snapshot. The provider entry stays (it may hold
 * custom models and settings). A config-file account comes back when that file is applied again (at start).
 */
export async function deleteConnection(dependencies: Pick<ProvidersDependencies, "configDb">, connectionId: string): Promise<void> {
  await dependencies.configDb.update((draft) => {
    const { provider, account } = findConnection(draft, connectionId);
    provider.accounts.splice(provider.accounts.indexOf(account), 1);
  });
}
