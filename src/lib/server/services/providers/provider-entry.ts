import { getBuiltInProvider, type BuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import type { ConfigDocument, StoredProvider } from "../../config-db/config-db-schema";
import { ProviderInputError, ProviderNotFoundError } from "./provider-errors";

/**
 * The stored entry of `providerId` inside an update's draft, created for a built-in provider on first use (a
 * connection, a custom model or a provider setting is its first configuration). Unknown ids: `ProviderNotFoundError`.
 */
export function providerEntryFor(draft: ConfigDocument, providerId: string): StoredProvider {
  const stored = draft.providers.find((candidate) => candidate.id === providerId);
  if (stored !== undefined) return stored;
  const builtIn = getBuiltInProvider(providerId);
  if (builtIn === undefined) throw new ProviderNotFoundError(`No provider '${providerId}' (custom nodes are added with POST /api/provider-nodes).`);
  const created = newBuiltInEntry(builtIn);
  draft.providers.push(created);
  return draft.providers[draft.providers.length - 1] ?? created;
}

export function newBuiltInEntry(builtIn: BuiltInProvider): StoredProvider {
  if (builtIn.apiFormat === "ollama") throw new ProviderInputError([`provider: ${builtIn.id} uses a format the config store cannot hold`]);
  return {
    id: builtIn.id,
    type: "built-in",
    apiFormat: builtIn.apiFormat,
    displayName: builtIn.displayName,
    baseUrl: null,
    models: [],
    strategy: "round-robin",
    accounts: [],
    enabled: true,
    customModels: [],
  };
}

/** Custom nodes (OpenAI- or Anthropic-compatible endpoints the user added). */
export function isNode(provider: StoredProvider): boolean {
  return provider.type !== "built-in";
}
