import { periodWindow } from "@/lib/server/budgets/budget-periods";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { listApiKeys } from "@/lib/server/services/api-keys/list-api-keys";
import type { ApiKeyView } from "@/lib/server/services/api-keys/api-key-view";
import { loadKeySpend } from "@/lib/server/usage/aggregate-usage";
import { listModelChoices } from "../dashboard-view";

export interface BudgetPeriodView {
  period: "daily" | "monthly";
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  /** ISO time the period resets. */
  resetsAt: string;
}

export interface KeysView {
  keys: ApiKeyView[];
  /** Spend against each budgeted key's limits, by key id (the same numbers as GET /api/usage/budgets). */
  budgets: Record<string, BudgetPeriodView[]>;
  /** Combos and provider models, offered for a key's allow-list. */
  modelChoices: string[];
  requireApiKey: boolean | null;
}

/** Keys, their budget spend and the models they could be limited to; undefined without the engine. */
export function loadKeysView(): KeysView | undefined {
  const runtime = findRuntime() as HostRuntime | undefined;
  if (runtime?.configDb === undefined) return undefined;
  const keys = listApiKeys({ configDb: runtime.configDb });
  const now = Date.now();
  const budgets: Record<string, BudgetPeriodView[]> = {};
  for (const key of keys) {
    if (key.budget === null) continue;
    const live = runtime.usageAccounting?.budgets.status(key.id);
    const periods =
      live ??
      (["daily", "monthly"] as const).flatMap((period) => {
        const limitUsd = period === "daily" ? key.budget?.dailyUsd : key.budget?.monthlyUsd;
        if (limitUsd === null || limitUsd === undefined) return [];
        const window = periodWindow(period, now);
        return [{ period, limitUsd, spentUsd: loadKeySpend(runtime.sqlite, key.id, window.start, now), reservedUsd: 0, resetsAt: window.end }];
      });
    budgets[key.id] = periods.map((period) => ({ ...period, resetsAt: new Date(period.resetsAt).toISOString() }));
  }
  const snapshot = runtime.configStore.getSnapshot();
  return {
    keys,
    budgets,
    modelChoices: listModelChoices([...snapshot.combos.keys()], [...snapshot.providers.values()]),
    requireApiKey: snapshot.settings.requireApiKey,
  };
}
