import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import { encryptSecret } from "../../secrets/encrypt-secret";
import { checkBaseUrl, parseProviderInput } from "../providers/provider-input";
import { ProviderConflictError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { findNode } from "./find-node";
import { createNodeInputSchema, nodeTypeFor } from "./node-input";
import { toNodeView, type NodeView } from "./node-view";

/**
 * Adds a custom OpenAI- or Anthropic-compatible node: `{name, prefix, apiFormat, baseUrl, apiKey?}`. The prefix must
 * not be a built-in provider, another node or a combo name (each would make `prefix/model` ambiguous). Its models
 * are added with `/api/provider-models` (unlisted ids are still forwarded).
 */
export async function createNode(dependencies: ProvidersDependencies, input: unknown): Promise<NodeView> {
  const fields = parseProviderInput(createNodeInputSchema, input);
  const timestamp = (dependencies.now ?? (() => new Date()))().toISOString();
  await dependencies.configDb.update((draft) => {
    const lower = fields.prefix.toLowerCase();
    if (getBuiltInProvider(lower) !== undefined || getBuiltInProvider(fields.prefix) !== undefined) {
      throw new ProviderConflictError("prefix_taken", `prefix: '${fields.prefix}' is a built-in provider`);
    }
    if (draft.providers.some((provider) => provider.id.toLowerCase() === lower)) {
      throw new ProviderConflictError("prefix_taken", `prefix: a provider or node '${fields.prefix}' already exists`);
    }
    if (draft.combos.some((combo) => combo.name.toLowerCase() === lower)) {
      throw new ProviderConflictError("prefix_taken", `prefix: '${fields.prefix}' is a combo name`);
    }
    checkBaseUrl(draft, fields.baseUrl);
    draft.providers.push({
      id: fields.prefix,
      type: nodeTypeFor(fields.apiFormat),
      apiFormat: fields.apiFormat,
      displayName: fields.name,
      nodeName: fields.name,
      baseUrl: fields.baseUrl,
      models: [],
      strategy: "round-robin",
      enabled: true,
      customModels: [],
      accounts:
        fields.apiKey === undefined
          ? []
          : [
              {
                id: "default",
                name: "default",
                apiKeyEncrypted: encryptSecret(fields.apiKey, dependencies.storageKey),
                baseUrl: null,
                priority: 0,
                enabled: true,
                createdAt: timestamp,
                updatedAt: timestamp,
              },
            ],
    });
  });
  return toNodeView(findNode(dependencies.configDb.read(), fields.prefix), dependencies.storageKey);
}
