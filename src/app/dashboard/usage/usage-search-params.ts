/**
 * The Usage page's state lives in the URL (shareable, back-button friendly, no client state): which range,
 * what the chart groups by, which metric it plots, and which month the report shows. Unknown values fall back to
 * the defaults rather than erroring: a hand-edited URL still opens the page.
 */
import type { UsageDimension } from "@/lib/server/usage/aggregate-usage";

export const USAGE_RANGES = ["24h", "7d", "30d", "90d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];

export const USAGE_GROUPS = ["provider", "model", "key", "account"] as const satisfies readonly UsageDimension[];
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export const USAGE_METRICS = ["cost", "tokens", "requests"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

export interface UsageSearchParams {
  range: UsageRange;
  groupBy: UsageGroup;
  metric: UsageMetric;
  /** `YYYY-MM` for the monthly report; absent: the current UTC month. */
  month: string | undefined;
}

export const DEFAULT_USAGE_PARAMS: UsageSearchParams = { range: "7d", groupBy: "provider", metric: "cost", month: undefined };

type RawParams = Record<string, string | string[] | undefined>;

export function parseUsageSearchParams(raw: RawParams): UsageSearchParams {
  const month = first(raw.month);
  return {
    range: pick(first(raw.range), USAGE_RANGES, DEFAULT_USAGE_PARAMS.range),
    groupBy: pick(first(raw.groupBy), USAGE_GROUPS, DEFAULT_USAGE_PARAMS.groupBy),
    metric: pick(first(raw.metric), USAGE_METRICS, DEFAULT_USAGE_PARAMS.metric),
    month: month !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : undefined,
  };
}

/** The page's URL with some parameters changed; defaults are left out so URLs stay short. */
export function usageHref(current: UsageSearchParams, change: Partial<UsageSearchParams>): string {
  const next = { ...current, ...change };
  const query = new URLSearchParams();
  if (next.range !== DEFAULT_USAGE_PARAMS.range) query.set("range", next.range);
  if (next.groupBy !== DEFAULT_USAGE_PARAMS.groupBy) query.set("groupBy", next.groupBy);
  if (next.metric !== DEFAULT_USAGE_PARAMS.metric) query.set("metric", next.metric);
  if (next.month !== undefined) query.set("month", next.month);
  const text = query.toString();
  return text === "" ? "/dashboard/usage" : `/dashboard/usage?${text}`;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pick<Value extends string>(value: string | undefined, allowed: readonly Value[], fallback: Value): Value {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as Value) : fallback;
}
