import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { findNode } from "./find-node";

/**
 * Removes a node with its connection(s) and custom models; `prefix/…` models are unknown from the next request on.
 * A config-file node comes back when that file is applied again (at start).
 */
export async function deleteNode(dependencies: Pick<ProvidersDependencies, "configDb">, id: string): Promise<void> {
  await dependencies.configDb.update((draft) => {
    const node = findNode(draft, id);
    draft.providers.splice(draft.providers.indexOf(node), 1);
  });
}
