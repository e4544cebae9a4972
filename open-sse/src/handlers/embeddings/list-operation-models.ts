import type { ClientKeyRuntime, GatewaySnapshot } from "../../ports";
import { getBuiltInProvider } from "../../providers/built-in-providers";
import type { ModelType } from "../../providers/provider-definition";
import { listedModels } from "../list-models";

/** Built once per snapshot, key and type: clients poll these lists like `/v1/models`. */
const bodies = new WeakMap<GatewaySnapshot, Map<string, string>>();

/**
 * `GET /v1/embeddings` and `GET /v1/images/generations`: the models of one type that `/v1/models` lists for this
 * key (active providers, not hidden, allowed for the key), in OpenAI's list format with their `type`. A model's
 * type comes from the provider's runtime types (custom models, nodes), else from the built-in catalog.
 */
export function listOperationModelsBody(snapshot: GatewaySnapshot, type: Exclude<ModelType, "chat">, created: number, key?: ClientKeyRuntime): string {
  let perSnapshot = bodies.get(snapshot);
  if (perSnapshot === undefined) {
    perSnapshot = new Map();
    bodies.set(snapshot, perSnapshot);
  }
  const cacheKey = `${type}\u0000${key?.allowedModels === null || key === undefined ? "*" : key.id}\u0000${created}`;
  let body = perSnapshot.get(cacheKey);
  if (body === undefined) {
    const data = listedModels(snapshot, key)
      .filter((model) => model.ownedBy !== "combo" && typeOf(snapshot, model.ownedBy, model.id) === type)
      .map((model) => ({ id: model.id, object: "model", created, owned_by: model.ownedBy, type, ...(model.custom ? { custom: true } : {}) }));
    body = JSON.stringify({ object: "list", data });
    perSnapshot.set(cacheKey, body);
  }
  return body;
}

function typeOf(snapshot: GatewaySnapshot, providerId: string, qualifiedId: string): ModelType {
  const upstreamModel = qualifiedId.slice(providerId.length + 1);
  const provider = snapshot.providers.get(providerId);
  const runtimeType = provider?.modelTypes?.get(upstreamModel);
  if (runtimeType !== undefined) return runtimeType;
  return getBuiltInProvider(providerId)?.catalog.find((model) => model.id === upstreamModel)?.type ?? "chat";
}
