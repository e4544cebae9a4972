import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { findNode } from "./find-node";
import { toNodeView, type NodeView } from "./node-view";

/** Every custom node (dashboard-made and config-file ones), in the order they were added. */
export function listNodes(dependencies: Pick<ProvidersDependencies, "configDb" | "storageKey">): NodeView[] {
  return dependencies.configDb
    .read()
    .providers.filter((provider) => provider.type !== "built-in")
    .map((provider) => toNodeView(provider, dependencies.storageKey));
}

export function getNode(dependencies: Pick<ProvidersDependencies, "configDb" | "storageKey">, id: string): NodeView {
  return toNodeView(findNode(dependencies.configDb.read(), id), dependencies.storageKey);
}
