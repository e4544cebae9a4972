import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { aggregateUsage, emptyTotals, addTotals, type UsageTotals } from "./aggregate-usage";
import { queryUsageHistory, type HistorySeries } from "./query-usage-history";
import { queryUsageLogs, type UsageLogEntry } from "./query-usage-logs";
import type { TimeRange } from "./usage-query-params";
import { DAY_MS } from "./usage-rollups";

export interface ConnectionUsage {
  provider: string;
  account: string;
  /** Today (UTC), the last 7 and 30 days, and the current UTC month. */
  totals: { today: UsageTotals; last7Days: UsageTotals; last30Days: UsageTotals; monthToDate: UsageTotals };
  /** Per model over the requested range, dearest first. */
  byModel: { model: string; totals: UsageTotals }[];
  /** One point per day of the requested range. */
  daily: HistorySeries["points"];
  recent: UsageLogEntry[];
}

/** One account's usage ("connection" = a provider account): totals, models, a daily series and its latest rows. */
export function queryConnectionUsage(db: SqliteDatabase, provider: string, account: string, range: TimeRange, now: number): ConnectionUsage {
  const filters = { provider, account };
  const total = (from: number) => {
    const sum = emptyTotals();
    for (const row of aggregateUsage(db, { from, to: now + 1, bucket: "none", groupBy: "none", filters })) addTotals(sum, row);
    return sum;
  };
  const date = new Date(now);
  const byModel = aggregateUsage(db, { from: range.from, to: range.to, bucket: "none", groupBy: "model", filters })
    .map((row) => ({ model: row.group, totals: row as UsageTotals }))
    .sort((left, right) => right.totals.costUsd - left.totals.costUsd || right.totals.requests - left.totals.requests);
  const history = queryUsageHistory(db, { range, bucket: "day", groupBy: "none", filters });
  return {
    provider,
    account,
    totals: {
      today: total(Math.floor(now / DAY_MS) * DAY_MS),
      last7Days: total(now - 7 * DAY_MS),
      last30Days: total(now - 30 * DAY_MS),
      monthToDate: total(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)),
    },
    byModel: byModel.map(({ model, totals }) => ({ model, totals: pickTotals(totals) })),
    daily: history.series[0]?.points ?? [],
    recent: queryUsageLogs(db, { range: { from: now - 30 * DAY_MS, to: now + 1 }, filters, limit: 20 }).data,
  };
}

function pickTotals(row: UsageTotals): UsageTotals {
  const totals = emptyTotals();
  addTotals(totals, row);
  return totals;
}
