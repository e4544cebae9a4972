/** What the server hands the usage chart: small, serialisable, already ranked. */
export interface UsageChartSeries {
  /** `s0`, `s1`, …: the point field holding this series' value. */
  dataKey: string;
  label: string;
}

export interface UsageChartData {
  bucket: "hour" | "day" | "week" | "month";
  metric: "cost" | "tokens" | "requests";
  series: UsageChartSeries[];
  /** One per bucket, oldest first: `t` (epoch ms, UTC bucket start) and one field per series. */
  points: Record<string, number>[];
}
