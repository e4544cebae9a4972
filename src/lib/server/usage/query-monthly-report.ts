import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { addTotals, aggregateUsage, emptyTotals, type UsageDimension, type UsageTotals } from "./aggregate-usage";
import { queryUsageHistory, type HistoryPoint } from "./query-usage-history";

export interface MonthlyReport {
  /** `YYYY-MM` (UTC month). */
  month: string;
  from: string;
  to: string;
  totals: UsageTotals;
  byProvider: ReportLine[];
  byModel: ReportLine[];
  byKey: ReportLine[];
  byAccount: ReportLine[];
  daily: HistoryPoint[];
}

export interface ReportLine extends UsageTotals {
  key: string;
  label: string;
}

/** The month's totals broken down every way the dashboard shows, from rollups (and raw rows for days not rolled up). */
export function queryMonthlyReport(db: SqliteDatabase, year: number, monthIndex: number): MonthlyReport {
  const from = Date.UTC(year, monthIndex, 1);
  const to = Date.UTC(year, monthIndex + 1, 1);
  const lines = (groupBy: UsageDimension): ReportLine[] =>
    aggregateUsage(db, { from, to, bucket: "none", groupBy, filters: {} })
      .map(({ bucketStart: _bucketStart, group, label, ...totals }) => ({ key: group, label: label || group, ...totals }))
      .sort((left, right) => right.costUsd - left.costUsd || right.requests - left.requests || left.key.localeCompare(right.key));
  const byProvider = lines("provider");
  const totals = emptyTotals();
  for (const line of byProvider) {
    const { key: _key, label: _label, ...lineTotals } = line;
    addTotals(totals, lineTotals);
  }
  const daily = queryUsageHistory(db, { range: { from, to }, bucket: "day", groupBy: "none", filters: {} }).series[0]?.points;
  return {
    month: `${year}-${String(monthIndex + 1).padStart(2, "0")}`,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    totals,
    byProvider,
    byModel: lines("model"),
    byKey: lines("key"),
    byAccount: lines("account"),
    daily: daily ?? [],
  };
}

const REPORT_COLUMNS: (keyof UsageTotals)[] = [
  "requests",
  "errors",
  "estimated",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "costUsd",
  "unpriced",
];

/** The report as CSV: one line per (section, key), sections provider / model / key / account / day. */
export function monthlyReportCsv(report: MonthlyReport): string {
  const rows: string[] = [["section", "key", "label", ...REPORT_COLUMNS].join(",")];
  const add = (section: string, key: string, label: string, totals: UsageTotals) =>
    rows.push([section, key, label, ...REPORT_COLUMNS.map((column) => String(totals[column]))].map(csvField).join(","));
  add("total", report.month, report.month, report.totals);
  for (const [section, lines] of [["provider", report.byProvider], ["model", report.byModel], ["key", report.byKey], ["account", report.byAccount]] as const) {
    for (const line of lines) add(section, line.key, line.label, line);
  }
  for (const point of report.daily) add("day", point.t.slice(0, 10), point.t.slice(0, 10), point);
  return `${rows.join("\r\n")}\r\n`;
}

/**
 * RFC 4180 quoting, and a leading `'` before `=`, `+`, `-`, `@` so a spreadsheet never runs a model name or
 * error text as a formula (CSV injection).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
