import type { StoredCustomModel, StoredProvider } from "../../config-db/config-db-schema";
import { toConnectionView, type ConnectionView } from "../providers/provider-views";

/** A custom node as `/api/provider-nodes` shows it: its connection(s) with the key masked. */
export interface NodeView {
  /** The prefix; also the provider id in `/api/providers/{id}` and `/api/provider-models?provider=`. */
  id: string;
  prefix: string;
  name: string;
  type: "openai-compatible" | "anthropic-compatible";
  apiFormat: StoredProvider["apiFormat"];
  baseUrl: string | null;
  enabled: boolean;
  /** Model ids from the config file's `models`. */
  models: string[];
  customModels: StoredCustomModel[];
  connections: ConnectionView[];
}

export function toNodeView(provider: StoredProvider, storageKey: Buffer): NodeView {
  return {
    id: provider.id,
    prefix: provider.id,
    name: provider.nodeName ?? provider.displayName,
    type: provider.type === "anthropic-compatible" ? "anthropic-compatible" : "openai-compatible",
    apiFormat: provider.apiFormat,
    baseUrl: provider.baseUrl,
    enabled: provider.enabled,
    models: [...provider.models],
    customModels: provider.customModels.map((model) => ({ ...model })),
    connections: provider.accounts.map((account) => toConnectionView(provider.id, account, storageKey)),
  };
}
