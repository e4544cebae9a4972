import type { GatewaySnapshot } from "../ports";

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Rendered once per configuration snapshot: `/v1/models` is polled by clients and must stay cheap. */
const rendered = new WeakMap<GatewaySnapshot, { list: string; byId: Map<string, string> }>();

function render(snapshot: GatewaySnapshot, created: number) {
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
  cached = {
    list: JSON.stringify({ object: "list", data: entries }),
    byId: new Map(entries.map((entry) => [entry.id, JSON.stringify(entry)])),
  };
  rendered.set(snapshot, cached);
  return cached;
}

/** GET /v1/models in OpenAI's list format: every configured provider's models, plus combos. */
export function listModelsBody(snapshot: GatewaySnapshot, created: number): string {
  return render(snapshot, created).list;
}

/** GET /v1/models/{id}, or undefined when the id is not listed. */
export function modelBody(snapshot: GatewaySnapshot, created: number, id: string): string | undefined {
  return render(snapshot, created).byId.get(id);
}
