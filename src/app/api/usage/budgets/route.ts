import { periodWindow } from "@/lib/server/budgets/budget-periods";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { loadKeySpend } from "@/lib/server/usage/aggregate-usage";
import { noStore, unavailableResponse, usageApiDependenciesFrom } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/budgets: every client key with a budget, its limits, what it spent in the current UTC day and
 * month, what its requests in flight have reserved, and when each period resets.
 */
export function GET(): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const now = dependencies.now();
  const data = dependencies.configDb
    .read()
    .apiKeys.filter((key) => key.budget !== undefined)
    .map((key) => {
      const live = dependencies.usageAccounting?.budgets.status(key.id);
      const periods =
        live ??
        (["daily", "monthly"] as const).flatMap((period) => {
          const limitUsd = period === "daily" ? key.budget?.dailyUsd : key.budget?.monthlyUsd;
          if (limitUsd === null || limitUsd === undefined) return [];
          const window = periodWindow(period, now);
          return [{ period, limitUsd, spentUsd: loadKeySpend(dependencies.sqlite, key.id, window.start, now), reservedUsd: 0, resetsAt: window.end }];
        });
      return {
        keyId: key.id,
        name: key.name,
        warnAtPercent: key.budget?.warnAtPercent ?? null,
        periods: periods.map((period) => ({ ...period, resetsAt: new Date(period.resetsAt).toISOString() })),
      };
    });
  return Response.json({ data }, { headers: noStore });
}
