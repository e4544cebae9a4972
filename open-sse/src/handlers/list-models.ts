import type { ClientKeyRuntime, GatewaySnapshot } from "../ports";
import { isListedModelAllowed } from "../security/model-allowlist";

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Rendered once per configuration snapshot: `/v1/models` is polled by clients and must stay cheap. */
const rendered = new WeakMap<GatewaySnapshot, { list: string; byId: Map<string, string> }>();
/** The same, for keys with a model allowlist: per snapshot, per key id. */
const renderedForKey = new WeakMap<GatewaySnapshot, Map<string, { list: string; byId: Map<string, string> }>>();

function render(snapshot: GatewaySnapshot, created: number, key: ClientKeyRuntime | undefined) {
  if (key !== undefined && key.allowedModels !== null) return renderForKey(snapshot, created, key);
  let cached = rendered.get(snapshot);
  if (cached !== undefined) return cached;
  const entries: ModelEntry[] = [];
  for (const provider of snapshot.providers.values()) {
    if (provider.accounts.length === 0) continue;
    for (const model of provider.models) {
      entries.push({ id: `${provider.id}/${model}`, object: "model", created, owned_by: provider.id });
    }
  }
  for (const name of snapshot.combos.keys()) entries.push({ id: name, object: "model", created, owned_by: "combo" });
  cached = serialise(entries);
  rendered.set(snapshot, cached);
  return cached;
}

function renderForKey(snapshot: GatewaySnapshot, created: number, key: ClientKeyRuntime) {
  let perKey = renderedForKey.get(snapshot);
  if (perKey === undefined) {
    perKey = new Map();
    renderedForKey.set(snapshot, perKey);
  }
  let cached = perKey.get(key.id);
  if (cached !== undefined) return cached;
  const all = JSON.parse(render(snapshot, created, undefined).list) as { data: ModelEntry[] };
  cached = serialise(all.data.filter((entry) => isListedModelAllowed(snapshot, key, entry.id)));
  perKey.set(key.id, cached);
  return cached;
}

function serialise(entries: readonly ModelEntry[]) {
  return {
    list: JSON.stringify({ object: "list", data: entries }),
    byId: new Map(entries.map((entry) => [entry.id, JSON.stringify(entry)])),
  };
}

/**
 * GET /v1/models in OpenAI's list format: every configured provider's models, plus combos; for a key with
 * a model allowlist, only what that key may use.
 */
export function listModelsBody(snapshot: GatewaySnapshot, created: number, key?: ClientKeyRuntime): string {
  return render(snapshot, created, key).list;
}

/** GET /v1/models/{id}, or undefined when the id is not listed (or not allowed for the key). */
export function modelBody(snapshot: GatewaySnapshot, created: number, id: string, key?: ClientKeyRuntime): string | undefined {
  return render(snapshot, created, key).byId.get(id);
}
