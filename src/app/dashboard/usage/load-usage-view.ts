/**
 * Everything the Usage page shows, read straight from the usage services (no HTTP to ourselves), in three parts
 * the page streams in order: the overview (tiles and the main chart: one history query), the details (top
 * models, cost breakdown), and the month. Every query is an index range scan over the daily rollups plus at most
 * two partial days of raw rows (aggregate-usage.ts), so the page costs the same for a quiet install and a busy one.
 */
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { aggregateUsage, emptyTotals, type UsageTotals } from "@/lib/server/usage/aggregate-usage";
import { queryMonthlyReport, type ReportLine } from "@/lib/server/usage/query-monthly-report";
import { queryUsageHistory, type HistorySeries } from "@/lib/server/usage/query-usage-history";
import { parseHistoryQuery } from "@/lib/server/usage/usage-query-params";
import type { UsageChartData, UsageChartSeries } from "@/components/charts/usage-chart-data";
import { queryCostBreakdown, type CostBreakdown } from "@/lib/server/usage/query-cost-breakdown";
import type { UsageMetric, UsageSearchParams } from "./usage-search-params";

/** Series drawn individually; the rest are summed into "Other" (six chart colours). */
const MAX_SERIES = 5;
const TOP_MODELS = 8;

export interface TopModel {
  key: string;
  requests: number;
  tokens: number;
  costUsd: number;
}

export interface MonthSummary {
  /** `YYYY-MM` */
  month: string;
  previousMonth: string;
  /** Absent when the month shown is the current one. */
  nextMonth: string | undefined;
  totals: UsageTotals;
  byProvider: ReportLine[];
  byModel: ReportLine[];
  byKey: ReportLine[];
  daily: { t: number; costUsd: number; requests: number }[];
}

export interface UsageRange {
  from: number;
  to: number;
}

export type UsageOverview = { isAttached: false } | { isAttached: true; totals: UsageTotals; chart: UsageChartData; range: UsageRange };

export interface UsageDetails {
  topModels: TopModel[];
  breakdown: CostBreakdown;
}

/**
 * Tiles and the main chart: one history query. Rows reach SQLite in batches (~200 ms), so the queue is written
 * first: a request that has just finished counts here, as it already does in the quota card and on Home.
 */
export async function loadUsageOverview(params: UsageSearchParams, at?: number): Promise<UsageOverview> {
  const runtime = findHostRuntime();
  if (runtime === undefined) return { isAttached: false };
  // A failed write stays queued for the store's own retry (which reports it); the page shows what is stored.
  await runtime.usageSink.flush().catch(() => undefined);
  const now = at ?? Date.now();
  const history = queryUsageHistory(runtime.sqlite, parseHistoryQuery(new URLSearchParams({ range: params.range, groupBy: params.groupBy }), now));
  return {
    isAttached: true,
    totals: history.totals,
    chart: toChartData(history.series, history.bucket, params),
    range: { from: Date.parse(history.from), to: Date.parse(history.to) },
  };
}

/** Top models and the cost breakdown over the overview's range. */
export function loadUsageDetails(range: UsageRange): UsageDetails | undefined {
  const runtime = findHostRuntime();
  if (runtime === undefined) return undefined;
  return { topModels: loadTopModels(runtime, range), breakdown: queryCostBreakdown(runtime.sqlite, range, {}) };
}

/** The monthly report's month (`YYYY-MM`, default the current UTC month). */
export function loadMonthSummary(month: string | undefined, now = Date.now()): MonthSummary | undefined {
  const runtime = findHostRuntime();
  return runtime === undefined ? undefined : loadMonth(runtime, month, now);
}

function metricOf(totals: UsageTotals, metric: UsageMetric): number {
  if (metric === "cost") return totals.costUsd;
  if (metric === "tokens") return totals.inputTokens + totals.outputTokens;
  return totals.requests;
}

/** The dearest series by the chosen metric, then "Other"; points keyed `s0…sN` (labels may contain dots, which Recharts reads as paths). */
function toChartData(series: HistorySeries[], bucket: UsageChartData["bucket"], params: UsageSearchParams): UsageChartData {
  const ranked = [...series].sort((left, right) => metricOf(right.totals, params.metric) - metricOf(left.totals, params.metric));
  const shown = ranked.length > MAX_SERIES + 1 ? ranked.slice(0, MAX_SERIES) : ranked;
  const rest = ranked.slice(shown.length);
  const chartSeries: UsageChartSeries[] = shown.map((entry, index) => ({ dataKey: `s${index}`, label: seriesLabel(entry.label || entry.key, params.groupBy) }));
  if (rest.length > 0) chartSeries.push({ dataKey: `s${shown.length}`, label: `Other (${rest.length})` });
  const bucketCount = series[0]?.points.length ?? 0;
  const points = Array.from({ length: bucketCount }, (_, bucketIndex) => {
    const point: Record<string, number> = { t: Date.parse(series[0]!.points[bucketIndex]!.t) };
    shown.forEach((entry, index) => (point[`s${index}`] = metricOf(entry.points[bucketIndex]!, params.metric)));
    if (rest.length > 0) point[`s${shown.length}`] = rest.reduce((sum, entry) => sum + metricOf(entry.points[bucketIndex]!, params.metric), 0);
    return point;
  });
  return { bucket, metric: params.metric, series: chartSeries, points };
}

/** Rows with no provider/key/account are requests refused before routing, or made without a key. */
export function seriesLabel(label: string, groupBy: UsageSearchParams["groupBy"]): string {
  if (label !== "") return label;
  return groupBy === "key" ? "(no key)" : groupBy === "account" ? "(no account)" : groupBy === "provider" ? "(no provider)" : "(no model)";
}

function loadTopModels(runtime: HostRuntime, range: { from: number; to: number }): TopModel[] {
  return aggregateUsage(runtime.sqlite, { ...range, bucket: "none", groupBy: "model", filters: {} })
    .map((row) => ({ key: seriesLabel(row.group, "model"), requests: row.requests, tokens: row.inputTokens + row.outputTokens, costUsd: row.costUsd }))
    .sort((left, right) => right.costUsd - left.costUsd || right.tokens - left.tokens)
    .slice(0, TOP_MODELS);
}

function loadMonth(runtime: HostRuntime, requested: string | undefined, now: number): MonthSummary {
  const today = new Date(now);
  const current = { year: today.getUTCFullYear(), monthIndex: today.getUTCMonth() };
  const [year, monthIndex] = requested ? [Number(requested.slice(0, 4)), Number(requested.slice(5, 7)) - 1] : [current.year, current.monthIndex];
  // A future month has nothing to show: clamp to the current one.
  const isFuture = year > current.year || (year === current.year && monthIndex > current.monthIndex);
  const shown = isFuture ? current : { year, monthIndex };
  const report = queryMonthlyReport(runtime.sqlite, shown.year, shown.monthIndex);
  const isCurrent = shown.year === current.year && shown.monthIndex === current.monthIndex;
  return {
    month: report.month,
    previousMonth: monthKey(shown.year, shown.monthIndex - 1),
    nextMonth: isCurrent ? undefined : monthKey(shown.year, shown.monthIndex + 1),
    totals: report.totals ?? emptyTotals(),
    byProvider: report.byProvider,
    byModel: report.byModel,
    byKey: report.byKey,
    daily: report.daily.map((point) => ({ t: Date.parse(point.t), costUsd: point.costUsd, requests: point.requests })),
  };
}

function monthKey(year: number, monthIndex: number): string {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}
