"use client";

import { Cell, Pie, PieChart, Tooltip } from "recharts";
import { SMALL_CHART_HEIGHT, TOOLTIP_CONTENT_STYLE, seriesColor } from "./chart-theme";
import { formatUsd } from "../usage/format-usage";

export interface CostSlice {
  label: string;
  usd: number;
  /** Index into the series colours, so the legend beside the chart can use the same colour. */
  colorIndex: number;
}

/** A donut of the range's cost by token class; the table beside it carries the numbers. */
export function CostBreakdownChart({ slices, description }: { slices: CostSlice[]; description: string }) {
  const shown = slices.filter((slice) => slice.usd > 0);
  return (
    <PieChart responsive style={{ width: "100%", height: SMALL_CHART_HEIGHT }} desc={description}>
      <Pie data={shown} dataKey="usd" nameKey="label" innerRadius="58%" outerRadius="90%" paddingAngle={1} stroke="var(--card)" isAnimationActive={false}>
        {shown.map((slice) => (
          <Cell key={slice.label} fill={seriesColor(slice.colorIndex)} />
        ))}
      </Pie>
      <Tooltip contentStyle={TOOLTIP_CONTENT_STYLE} itemStyle={{ color: "var(--foreground)" }} formatter={(value) => formatUsd(Number(value))} />
    </PieChart>
  );
}
