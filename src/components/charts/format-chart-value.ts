import { formatCompact, formatInteger, formatUsd } from "../usage/format-usage";

export type ChartMetric = "cost" | "tokens" | "requests";

/** Axis ticks: short ($12, 4.5M). */
export function formatAxisValue(value: number, metric: ChartMetric): string {
  if (metric === "cost") return value >= 1000 ? `$${formatCompact(value)}` : value >= 1 || value === 0 ? `$${Math.round(value)}` : `$${value.toFixed(2)}`;
  return formatCompact(value);
}

/** Tooltips: exact ($12.34, 4,512,003). */
export function formatExactValue(value: number, metric: ChartMetric): string {
  return metric === "cost" ? formatUsd(value) : formatInteger(value);
}

/** A bucket's start as its label: "Nov 30" for days and weeks, "Nov 30 14:00" for hours; always UTC. */
export function formatBucketLabel(epochMs: number, bucket: "hour" | "day" | "week" | "month"): string {
  const date = new Date(epochMs);
  const month = date.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  if (bucket === "month") return `${month} ${date.getUTCFullYear()}`;
  const day = `${month} ${date.getUTCDate()}`;
  return bucket === "hour" ? `${day} ${String(date.getUTCHours()).padStart(2, "0")}:00` : day;
}
