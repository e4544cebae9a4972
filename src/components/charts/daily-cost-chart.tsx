import { SMALL_CHART_HEIGHT } from "./chart-theme";
import { formatAxisValue, formatBucketLabel } from "./format-chart-value";
import { StackedBarChart } from "./stacked-bar-chart";
import { formatUsd } from "../usage/format-usage";

export interface DailyCostPoint {
  t: number;
  costUsd: number;
}

/** The monthly report's cost per UTC day, drawn on the server like the main usage chart. */
export function DailyCostChart({ points, description }: { points: DailyCostPoint[]; description: string }) {
  return (
    <StackedBarChart
      points={points.map((point) => ({ t: point.t, values: [point.costUsd] }))}
      seriesLabels={["Cost"]}
      title={description}
      height={SMALL_CHART_HEIGHT}
      formatValue={formatUsd}
      formatAxis={(value) => formatAxisValue(value, "cost")}
      formatBucket={(epochMs) => formatBucketLabel(epochMs, "day")}
      maxLabels={10}
    />
  );
}
