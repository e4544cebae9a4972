import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { addTotals, aggregateUsage, emptyTotals, type UsageDimension, type UsageTotals } from "./aggregate-usage";
import type { HistoryBucket, HistoryQuery } from "./usage-query-params";
import { DAY_MS } from "./usage-rollups";

export interface HistoryPoint extends UsageTotals {
  /** ISO start of the bucket (UTC). */
  t: string;
}

export interface HistorySeries {
  key: string;
  label: string;
  totals: UsageTotals;
  points: HistoryPoint[];
}

export interface UsageHistory {
  from: string;
  to: string;
  bucket: HistoryBucket;
  groupBy: UsageDimension;
  /** Buckets are UTC; weeks start on Monday. */
  timeZone: "UTC";
  totals: UsageTotals;
  series: HistorySeries[];
}

const HOUR_MS = 3_600_000;

/** A time series per group, every bucket of the range present (zeros where nothing happened), dearest series first. */
export function queryUsageHistory(db: SqliteDatabase, query: HistoryQuery): UsageHistory {
  const rows = aggregateUsage(db, {
    from: query.range.from,
    to: query.range.to,
    bucket: query.bucket === "hour" ? "hour" : "day",
    groupBy: query.groupBy,
    filters: query.filters,
  });
  const buckets = bucketStarts(query.range.from, query.range.to, query.bucket);
  const seriesByKey = new Map<string, { label: string; totals: UsageTotals; points: Map<number, UsageTotals> }>();
  const totals = emptyTotals();
  for (const row of rows) {
    let series = seriesByKey.get(row.group);
    if (series === undefined) {
      series = { label: row.label, totals: emptyTotals(), points: new Map() };
      seriesByKey.set(row.group, series);
    }
    const bucket = bucketOf(row.bucketStart, query.bucket);
    let point = series.points.get(bucket);
    if (point === undefined) {
      point = emptyTotals();
      series.points.set(bucket, point);
    }
    addTotals(point, row);
    addTotals(series.totals, row);
    addTotals(totals, row);
  }
  const series = [...seriesByKey.entries()]
    .map(([key, entry]) => ({
      key,
      label: entry.label || key,
      totals: entry.totals,
      points: buckets.map((start) => ({ t: new Date(start).toISOString(), ...(entry.points.get(start) ?? emptyTotals()) })),
    }))
    .sort((left, right) => right.totals.costUsd - left.totals.costUsd || right.totals.requests - left.totals.requests || left.key.localeCompare(right.key));
  return {
    from: new Date(query.range.from).toISOString(),
    to: new Date(query.range.to).toISOString(),
    bucket: query.bucket,
    groupBy: query.groupBy,
    timeZone: "UTC",
    totals,
    series,
  };
}

/** The start of the bucket holding `instant` (UTC; ISO weeks start on Monday). */
export function bucketOf(instant: number, bucket: HistoryBucket): number {
  switch (bucket) {
    case "hour":
      return Math.floor(instant / HOUR_MS) * HOUR_MS;
    case "day":
      return Math.floor(instant / DAY_MS) * DAY_MS;
    case "week": {
      // 1970-01-01 was a Thursday: shift by 3 days so weeks start on Monday.
      const day = Math.floor(instant / DAY_MS);
      return (Math.floor((day + 3) / 7) * 7 - 3) * DAY_MS;
    }
    case "month": {
      const date = new Date(instant);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
  }
}

function bucketStarts(from: number, to: number, bucket: HistoryBucket): number[] {
  const starts: number[] = [];
  for (let start = bucketOf(from, bucket); start < to; start = nextBucket(start, bucket)) starts.push(start);
  return starts;
}

function nextBucket(start: number, bucket: HistoryBucket): number {
  if (bucket === "hour") return start + HOUR_MS;
  if (bucket === "day") return start + DAY_MS;
  if (bucket === "week") return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
