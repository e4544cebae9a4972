import type { GatewaySnapshot } from "../../../../../open-sse/src/ports";
import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import { buildModelCatalog, type CatalogProvider, type ModelCatalog } from "../../../../../open-sse/src/providers/model-catalog";
import type { ConfigDocument } from "../../config-db/config-db-schema";

/**
 * `GET /api/models/catalog`: `{catalog: {<provider>: {provider, active, models: [{id, name, type, custom}]}}}`.
 * The engine's catalog (built-in providers whether configured or not; `active` when the snapshot has a usable
 * connection) completed from db.json with what the snapshot cannot say: custom models' names and types, and
 * providers the snapshot leaves out (disabled ones), listed as inactive.
 */
export function buildProviderCatalog(document: ConfigDocument, snapshot: GatewaySnapshot): ModelCatalog {
  const { catalog } = buildModelCatalog(snapshot);
  for (const stored of document.providers) {
    let entry: CatalogProvider | undefined = catalog[stored.id];
    if (entry === undefined) {
      entry = { provider: stored.displayName, active: false, models: [] };
      catalog[stored.id] = entry;
    }
    const byId = new Map(entry.models.map((model) => [model.id, model]));
    const builtInModels = stored.type === "built-in" ? (getBuiltInProvider(stored.id)?.models ?? []) : [];
    for (const model of stored.customModels) {
      const id = `${stored.id}/${model.id}`;
      const existing = byId.get(id);
      if (existing !== undefined) Object.assign(existing, { name: model.name, type: model.type, custom: true });
      else {
        const added = { id, name: model.name, type: model.type, custom: true };
        entry.models.push(added);
        byId.set(id, added);
      }
    }
    for (const model of stored.models) {
      const id = `${stored.id}/${model}`;
      if (byId.has(id)) continue;
      const added = { id, name: model, type: "chat" as const, custom: !builtInModels.includes(model) };
      entry.models.push(added);
      byId.set(id, added);
    }
  }
  return { catalog };
}
