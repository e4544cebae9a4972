"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, GRID_STROKE, TOOLTIP_CONTENT_STYLE, TOOLTIP_CURSOR, TOOLTIP_LABEL_STYLE } from "./chart-theme";
import { formatAxisValue, formatExactValue, type ChartMetric } from "./format-chart-value";

export interface TopModelBar {
  label: string;
  value: number;
}

const ROW_HEIGHT = 30;

/** The models that cost (or used) the most in the range, dearest at the top. */
export function TopModelsChart({ bars, metric, description }: { bars: TopModelBar[]; metric: ChartMetric; description: string }) {
  return (
    <BarChart
      responsive
      layout="vertical"
      data={bars}
      style={{ width: "100%", height: Math.max(120, bars.length * ROW_HEIGHT + 32) }}
      margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
      desc={description}
    >
      <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
      <XAxis type="number" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: GRID_STROKE }} tickFormatter={(value: number) => formatAxisValue(value, metric)} />
      <YAxis type="category" dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} width={170} tickFormatter={(value: string) => shorten(value)} />
      <Tooltip cursor={TOOLTIP_CURSOR} contentStyle={TOOLTIP_CONTENT_STYLE} labelStyle={TOOLTIP_LABEL_STYLE} formatter={(value) => formatExactValue(Number(value), metric)} />
      <Bar dataKey="value" name={metric === "cost" ? "Cost" : metric === "tokens" ? "Tokens" : "Requests"} fill="var(--chart-1)" radius={[0, 4, 4, 0]} isAnimationActive={false} maxBarSize={20} />
    </BarChart>
  );
}

/** Long qualified model ids would squeeze the bars: keep the tail, which tells models apart. */
function shorten(label: string): string {
  return label.length > 26 ? `…${label.slice(-25)}` : label;
}
