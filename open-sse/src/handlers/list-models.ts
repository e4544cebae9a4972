import type { ClientKeyRuntime, GatewaySnapshot } from "../ports";
import { getBuiltInProvider } from "../providers/built-in-providers";
import { modelInfo } from "../providers/model-info";
import type { ModelType } from "../providers/provider-definition";
import { isListedModelAllowed } from "../security/model-allowlist";

/** What one listed id stands for, with the catalog facts other listings (Gemini's) need. */
export interface ListedModel {
  id: string;
  /** The provider prefix, or `combo`. */
  ownedBy: string;
  type: ModelType;
  /** Not in the built-in catalog: a model the user added, or a custom node's. */
  custom: boolean;
  /** Catalog display name and limits, for catalog models. */
  name?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
}

interface Listing {
  models: readonly ListedModel[];
  /** The serialised list and entries, per `created` value (the gateway passes one constant). */
  bodies: Map<number, { list: string; byId: Map<string, string> }>;
}

/** Built once per configuration snapshot: `/v1/models` is polled by clients and must stay cheap. */
const listings = new WeakMap<GatewaySnapshot, Listing>();
/** The same, for keys with a model allowlist: per snapshot, per key id. */
const keyListings = new WeakMap<GatewaySnapshot, Map<string, Listing>>();

function listing(snapshot: GatewaySnapshot, key: ClientKeyRuntime | undefined): Listing {
  if (key !== undefined && key.allowedModels !== null) return keyListing(snapshot, key);
  let cached = listings.get(snapshot);
  if (cached === undefined) {
    cached = { models: collect(snapshot), bodies: new Map() };
    listings.set(snapshot, cached);
  }
  return cached;
}

function keyListing(snapshot: GatewaySnapshot, key: ClientKeyRuntime): Listing {
  let perKey = keyListings.get(snapshot);
  if (perKey === undefined) {
    perKey = new Map();
    keyListings.set(snapshot, perKey);
  }
  let cached = perKey.get(key.id);
  if (cached === undefined) {
    const allowed = listing(snapshot, undefined).models.filter((model) => isListedModelAllowed(snapshot, key, model.id));
    cached = { models: allowed, bodies: new Map() };
    perKey.set(key.id, cached);
  }
  return cached;
}

/** Combos first (a user's own stacks lead the picker, as in the product), then every active provider's models. */
function collect(snapshot: GatewaySnapshot): ListedModel[] {
  const models: ListedModel[] = [];
  const seen = new Set<string>();
  const add = (model: ListedModel) => {
    // Each id once; the first wins, and a name that is both a combo and a model routes to the combo.
    if (seen.has(model.id)) return;
    seen.add(model.id);
    models.push(model);
  };
  for (const name of snapshot.combos.keys()) add({ id: name, ownedBy: "combo", type: "chat", custom: false });
  for (const provider of snapshot.providers.values()) {
    if (provider.accounts.length === 0 || provider.hiddenFromModelList === true) continue;
    for (const model of provider.models) {
      const info = modelInfo(provider.id, model);
      add({
        id: `${provider.id}/${model}`,
        ownedBy: provider.id,
        // The snapshot's types include the ones the user gave custom models; the catalog's for the rest.
        type: provider.modelTypes?.get(model) ?? info?.type ?? "chat",
        custom: info === undefined,
        name: info === undefined ? undefined : getBuiltInProvider(provider.id)?.catalog.find((candidate) => candidate.id === model)?.name,
        contextWindow: info?.contextWindow,
        maxOutputTokens: info?.maxOutputTokens,
      });
    }
  }
  return models;
}

/** OpenAI's model object; `type` only for embedding and image models and `custom` only when true, as the product does. */
function entry(model: ListedModel, created: number): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: model.id, object: "model", created, owned_by: model.ownedBy };
  if (model.type !== "chat") wire.type = model.type;
  if (model.custom) wire.custom = true;
  return wire;
}

function bodies(found: Listing, created: number): { list: string; byId: Map<string, string> } {
  let cached = found.bodies.get(created);
  if (cached === undefined) {
    const entries = found.models.map((model) => entry(model, created));
    cached = {
      list: JSON.stringify({ object: "list", data: entries }),
      byId: new Map(entries.map((wire, index) => [found.models[index]!.id, JSON.stringify(wire)])),
    };
    found.bodies.set(created, cached);
  }
  return cached;
}

/**
 * GET /v1/models in OpenAI's list format: combos, then the chat, embedding and image models of every provider
 * with an account (except providers hidden from the list), each id once; for a key with a model allowlist, only
 * what that key may use.
 */
export function listModelsBody(snapshot: GatewaySnapshot, created: number, key?: ClientKeyRuntime): string {
  return bodies(listing(snapshot, key), created).list;
}

/** GET /v1/models/{id}, or undefined when the id is not listed (or not allowed for the key). */
export function modelBody(snapshot: GatewaySnapshot, created: number, id: string, key?: ClientKeyRuntime): string | undefined {
  return bodies(listing(snapshot, key), created).byId.get(id);
}

/** The listed models with their catalog facts, for listings in other formats (Gemini's `/v1beta/models`). */
export function listedModels(snapshot: GatewaySnapshot, key?: ClientKeyRuntime): readonly ListedModel[] {
  return listing(snapshot, key).models;
}
