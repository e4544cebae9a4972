import { listBuiltInProviders } from "../../../../../open-sse/src/providers/built-in-providers";
import type { ProvidersDependencies } from "./providers-dependencies";
import { providerViewOf, toProviderView, type ProviderView } from "./provider-views";
import { ProviderNotFoundError } from "./provider-errors";

/**
 * Every provider omniroute knows: the built-in catalog in registry order (configured or not, so the dashboard can
 * offer what a key would unlock), then the custom nodes in the order they were added, each with its connections.
 */
export function listProviders(dependencies: Pick<ProvidersDependencies, "configDb" | "storageKey">): ProviderView[] {
  const stored = dependencies.configDb.read().providers;
  const views = listBuiltInProviders().map((builtIn) =>
    toProviderView(
      builtIn,
      stored.find((candidate) => candidate.id === builtIn.id && candidate.type === "built-in"),
      dependencies.storageKey,
    ),
  );
  for (const provider of stored) {
    if (provider.type !== "built-in") views.push(toProviderView(undefined, provider, dependencies.storageKey));
  }
  return views;
}

export function getProvider(dependencies: Pick<ProvidersDependencies, "configDb" | "storageKey">, providerId: string): ProviderView {
  const view = providerViewOf(dependencies.configDb.read().providers, providerId, dependencies.storageKey);
  if (view === undefined) throw new ProviderNotFoundError(`No provider '${providerId}'.`);
  return view;
}
