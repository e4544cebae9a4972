import type { StoredCombo } from "../../config-db/config-db-schema";

export interface ComboView {
  name: string;
  models: string[];
  strategy: "priority" | "round-robin";
  /** Null: equal weights. */
  weights: number[] | null;
  enabled: boolean;
  /** Null for combos stored before these fields existed (or added by the config file). */
  createdAt: string | null;
  updatedAt: string | null;
}

/** The stored combo with its defaults applied (older documents lack strategy, enabled and timestamps). */
export function toComboView(stored: StoredCombo): ComboView {
  return {
    name: stored.name,
    models: [...stored.models],
    strategy: stored.strategy ?? "priority",
    weights: stored.weights === undefined ? null : [...stored.weights],
    enabled: stored.enabled ?? true,
    createdAt: stored.createdAt ?? null,
    updatedAt: stored.updatedAt ?? null,
  };
}
