import type { GatewaySnapshot, ProviderRuntime } from "../ports";
import { listBuiltInProviders } from "./built-in-providers";
import type { ModelType } from "./provider-definition";

export interface CatalogModel {
  /** `<prefix>/<model>`, as clients send it. */
  id: string;
  name: string;
  type: ModelType;
  /** Not in the built-in catalog: added by the user (a provider's extra models, a custom node's models). */
  custom: boolean;
}

export interface CatalogProvider {
  /** Display name. */
  provider: string;
  /** Configured with at least one usable account. */
  active: boolean;
  models: CatalogModel[];
}

/** `GET /api/models/catalog`: `{catalog: {<prefix>: {provider, active, models}}}`. */
export interface ModelCatalog {
  catalog: Record<string, CatalogProvider>;
}

/**
 * Every model omniroute knows, grouped by provider prefix: the built-in catalog (active or not, so the dashboard
 * can offer what a key would unlock), then the models configured on top of it and the custom nodes' models.
 * Pure: reads the snapshot and the registry only.
 */
export function buildModelCatalog(snapshot: GatewaySnapshot): ModelCatalog {
  const catalog: Record<string, CatalogProvider> = {};
  for (const builtIn of listBuiltInProviders()) {
    const configured = snapshot.providers.get(builtIn.id);
    const entry: CatalogProvider = {
      provider: configured?.displayName ?? builtIn.displayName,
      active: isActive(configured),
      models: builtIn.catalog.map((model) => ({ id: `${builtIn.id}/${model.id}`, name: model.name, type: model.type, custom: false })),
    };
    if (configured !== undefined) addCustomModels(entry, configured);
    catalog[builtIn.id] = entry;
  }
  for (const provider of snapshot.providers.values()) {
    if (catalog[provider.id] !== undefined) continue;
    const entry: CatalogProvider = { provider: provider.displayName, active: isActive(provider), models: [] };
    addCustomModels(entry, provider);
    catalog[provider.id] = entry;
  }
  return { catalog };
}

function isActive(provider: ProviderRuntime | undefined): boolean {
  return provider !== undefined && provider.accounts.length > 0;
}

/** Models the provider lists beyond the built-in ones; their type is unknown until custom models carry one. */
function addCustomModels(entry: CatalogProvider, provider: ProviderRuntime): void {
  const known = new Set(entry.models.map((model) => model.id));
  for (const model of provider.models) {
    const id = `${provider.id}/${model}`;
    if (known.has(id)) continue;
    known.add(id);
    entry.models.push({ id, name: model, type: "chat", custom: true });
  }
}
