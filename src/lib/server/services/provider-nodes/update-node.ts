import { checkBaseUrl, parseProviderInput } from "../providers/provider-input";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { findNode } from "./find-node";
import { nodeTypeFor, updateNodeInputSchema } from "./node-input";
import { toNodeView, type NodeView } from "./node-view";

/** Renames a node, moves it to another base URL or protocol, or enables/disables it; absent fields stay. */
export async function updateNode(dependencies: ProvidersDependencies, id: string, input: unknown): Promise<NodeView> {
  const fields = parseProviderInput(updateNodeInputSchema, input);
  await dependencies.configDb.update((draft) => {
    const node = findNode(draft, id);
    if (fields.baseUrl !== undefined) {
      checkBaseUrl(draft, fields.baseUrl);
      node.baseUrl = fields.baseUrl;
    }
    if (fields.name !== undefined) {
      node.nodeName = fields.name;
      node.displayName = fields.name;
    }
    if (fields.apiFormat !== undefined) {
      node.apiFormat = fields.apiFormat;
      node.type = nodeTypeFor(fields.apiFormat);
    }
    if (fields.enabled !== undefined) node.enabled = fields.enabled;
  });
  return toNodeView(findNode(dependencies.configDb.read(), id), dependencies.storageKey);
}
