import { CHART_HEIGHT } from "./chart-theme";
import { formatAxisValue, formatBucketLabel, formatExactValue } from "./format-chart-value";
import { StackedBarChart } from "./stacked-bar-chart";
import type { UsageChartData } from "./usage-chart-data";

/**
 * Cost, tokens or requests per bucket, one stacked segment per provider / model / key / account. Drawn on the
 * server (stacked-bar-chart.tsx): the page's main chart is on screen with the first HTML, before any script.
 */
export function UsageOverTimeChart({ data, description }: { data: UsageChartData; description: string }) {
  return (
    <StackedBarChart
      points={data.points.map((point) => ({ t: point.t!, values: data.series.map((series) => point[series.dataKey] ?? 0) }))}
      seriesLabels={data.series.map((series) => series.label)}
      title={description}
      height={CHART_HEIGHT}
      formatValue={(value) => formatExactValue(value, data.metric)}
      formatAxis={(value) => formatAxisValue(value, data.metric)}
      formatBucket={(epochMs) => formatBucketLabel(epochMs, data.bucket)}
      maxLabels={data.bucket === "hour" ? 8 : 10}
    />
  );
}
