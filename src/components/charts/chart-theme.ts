/**
 * Colours and text styles shared by the Recharts charts. Everything is a CSS variable from globals.css, so a
 * chart follows the light/dark theme without re-rendering (SVG presentation attributes accept var()).
 */
export const SERIES_COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--chart-6)"] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

export const AXIS_TICK = { fill: "var(--muted)", fontSize: 11 } as const;
export const GRID_STROKE = "var(--border)";

export const TOOLTIP_CONTENT_STYLE = {
  background: "var(--card)",
  border: "1px solid var(--border)",
  borderRadius: 8,
  fontSize: 12,
  color: "var(--foreground)",
} as const;
export const TOOLTIP_LABEL_STYLE = { color: "var(--foreground)", fontWeight: 600, marginBottom: 4 } as const;
export const TOOLTIP_CURSOR = { fill: "var(--code)" } as const;

/** Chart heights in px: fixed so nothing moves when the chart hydrates. */
export const CHART_HEIGHT = 260;
export const SMALL_CHART_HEIGHT = 200;
