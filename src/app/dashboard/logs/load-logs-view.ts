/**
 * The Logs page's data, read from the usage store directly: the first page of requests for the filters, and
 * the values the filters can take (providers, models and keys seen in the last 30 days, from the rollups).
 */
import { findHostRuntime } from "@/lib/server/auth/find-host-runtime";
import { aggregateUsage } from "@/lib/server/usage/aggregate-usage";
import { queryUsageLogs } from "@/lib/server/usage/query-usage-logs";
import { parseLogsQuery, UsageQueryError } from "@/lib/server/usage/usage-query-params";
import { DAY_MS } from "@/lib/server/usage/usage-rollups";
import { toRequestLogRow, type RequestLogRow } from "@/components/logs/request-log-row";
import { logsApiQuery, type LogsSearchParams } from "./logs-search-params";

export const LOG_PAGE_SIZE = 50;

export interface FilterOption {
  value: string;
  label: string;
}

export interface LogsFilterOptions {
  providers: FilterOption[];
  models: FilterOption[];
  keys: FilterOption[];
}

export type LogsView =
  | { isAttached: false }
  | { isAttached: true; rows: RequestLogRow[]; nextCursor: string | null; options: LogsFilterOptions; problem: string | null };

export function loadLogsView(params: LogsSearchParams, now = Date.now()): LogsView {
  const runtime = findHostRuntime();
  if (runtime === undefined) return { isAttached: false };
  const options = loadFilterOptions(runtime.sqlite, now);
  const query = logsApiQuery(params);
  query.set("limit", String(LOG_PAGE_SIZE));
  if (params.cursor) query.set("cursor", params.cursor);
  try {
    const page = queryUsageLogs(runtime.sqlite, parseLogsQuery(query, now));
    return { isAttached: true, rows: page.data.flatMap((entry) => toRequestLogRow(entry) ?? []), nextCursor: page.nextCursor, options, problem: null };
  } catch (error) {
    // A filter the query refuses (too long, malformed): show the refusal next to the filters, not an error page.
    if (error instanceof UsageQueryError) return { isAttached: true, rows: [], nextCursor: null, options, problem: error.problems.join("; ") };
    throw error;
  }
}

function loadFilterOptions(db: Parameters<typeof aggregateUsage>[0], now: number): LogsFilterOptions {
  const range = { from: now - 30 * DAY_MS, to: now + 1, bucket: "none" as const, filters: {} };
  const providers = aggregateUsage(db, { ...range, groupBy: "provider" })
    .map((row) => row.group)
    .filter((group) => group !== "")
    .sort();
  const providerPrefixes = providers.map((provider) => `${provider}/`);
  const models = aggregateUsage(db, { ...range, groupBy: "model" })
    .map((row) => row.group)
    .filter((group) => group !== "")
    .sort()
    .map((group) => {
      // The log filter matches the bare upstream model id; the label keeps the provider to tell models apart.
      const prefix = providerPrefixes.find((candidate) => group.startsWith(candidate));
      return { value: prefix ? group.slice(prefix.length) : group, label: group };
    });
  const keys = aggregateUsage(db, { ...range, groupBy: "key" })
    .filter((row) => row.group !== "")
    .map((row) => ({ value: row.group, label: row.label || row.group }))
    .sort((left, right) => left.label.localeCompare(right.label));
  return { providers: providers.map((provider) => ({ value: provider, label: provider })), models: dedupe(models), keys };
}

function dedupe(options: FilterOption[]): FilterOption[] {
  const seen = new Set<string>();
  return options.filter((option) => (seen.has(option.value) ? false : (seen.add(option.value), true)));
}
