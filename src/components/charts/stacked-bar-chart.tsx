import { labelStride, niceTicks } from "./bar-chart-scale";
import { seriesColor } from "./chart-theme";

export interface StackedBarPoint {
  /** Bucket start, epoch ms. */
  t: number;
  /** One value per series, in series order. */
  values: number[];
}

export interface StackedBarChartProps {
  points: StackedBarPoint[];
  seriesLabels: string[];
  /** What the chart shows, for screen readers and the table's caption. */
  title: string;
  height: number;
  formatValue: (value: number) => string;
  formatAxis: (value: number) => string;
  formatBucket: (epochMs: number) => string;
  maxLabels?: number;
}

/** Width of one bucket in the SVG's own units; bars fill 70 % of it. */
const BUCKET = 10;

/**
 * A stacked bar chart drawn on the server: an SVG whose plot stretches to its box (bars are plain rects, so
 * stretching is harmless) with HTML axis labels around it (text never stretches). It is in the page's first
 * HTML, so it shows before any script runs and costs the browser no JavaScript; hovering a bucket shows its
 * numbers (SVG title), and the same numbers are in a table under it for keyboards and screen readers.
 */
export function StackedBarChart({ points, seriesLabels, title, height, formatValue, formatAxis, formatBucket, maxLabels = 8 }: StackedBarChartProps) {
  const totals = points.map((point) => point.values.reduce((sum, value) => sum + value, 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks.at(-1)!;
  const width = Math.max(1, points.length) * BUCKET;
  const stride = labelStride(points.length, maxLabels);
  const yOf = (value: number) => 100 - (value / top) * 100;
  return (
    <div className="grid gap-3">
      <div className="grid grid-cols-[3.25rem_minmax(0,1fr)] gap-x-2">
        <div className="relative" style={{ height }} aria-hidden>
          {ticks.map((tick) => (
            <span key={tick} className="absolute right-0 translate-y-1/2 text-[11px] leading-none text-muted tabular-nums" style={{ bottom: `${(tick / top) * 100}%` }}>
              {formatAxis(tick)}
            </span>
          ))}
        </div>
        <svg role="img" aria-label={title} viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" className="block w-full overflow-visible" style={{ height }}>
          {ticks.map((tick) => (
            <line key={tick} x1={0} x2={width} y1={yOf(tick)} y2={yOf(tick)} stroke="var(--border)" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          ))}
          {points.map((point, index) => {
            let base = 0;
            return (
              <g key={point.t} className="transition-opacity hover:opacity-75">
                <title>{tooltipText(point, seriesLabels, formatBucket, formatValue)}</title>
                <rect x={index * BUCKET} y={0} width={BUCKET} height={100} fill="transparent" />
                {point.values.map((value, seriesIndex) => {
                  if (value <= 0) return null;
                  const y = yOf(base + value);
                  const barHeight = (value / top) * 100;
                  base += value;
                  return <rect key={seriesIndex} x={index * BUCKET + 1.5} y={y} width={BUCKET - 3} height={barHeight} fill={seriesColor(seriesIndex)} />;
                })}
              </g>
            );
          })}
        </svg>
        <div />
        <div className="relative mt-1.5 h-4" aria-hidden>
          {points.map((point, index) =>
            index % stride === 0 ? (
              // Every other label is dropped on narrow screens, where they would overlap.
              <span
                key={point.t}
                className={`absolute -translate-x-1/2 whitespace-nowrap text-[11px] text-muted ${(index / stride) % 2 === 1 ? "hidden sm:block" : ""}`}
                style={{ left: `${((index + 0.5) / points.length) * 100}%` }}
              >
                {formatBucket(point.t)}
              </span>
            ) : null,
          )}
        </div>
      </div>
      {seriesLabels.length > 1 ? (
        <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend">
          {seriesLabels.map((label, index) => (
            <li key={label} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2 rounded-full" style={{ background: seriesColor(index) }} />
              {label}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="text-xs">
        <summary className="cursor-pointer text-muted hover:text-foreground">Show as a table</summary>
        <div className="mt-2 max-h-72 overflow-auto" tabIndex={0} role="region" aria-label={`${title}, as a table`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-border text-muted">
                <th scope="col" className="py-1 pr-3 font-medium">Bucket</th>
                {seriesLabels.map((label) => (
                  <th key={label} scope="col" className="py-1 pr-3 text-right font-medium">
                    {label}
                  </th>
                ))}
                {seriesLabels.length > 1 ? <th scope="col" className="py-1 text-right font-medium">Total</th> : null}
              </tr>
            </thead>
            <tbody>
              {points.map((point, index) => (
                <tr key={point.t} className="border-b border-border last:border-0">
                  <th scope="row" className="py-1 pr-3 font-normal">{formatBucket(point.t)}</th>
                  {point.values.map((value, seriesIndex) => (
                    <td key={seriesIndex} className="py-1 pr-3 text-right">
                      {formatValue(value)}
                    </td>
                  ))}
                  {seriesLabels.length > 1 ? <td className="py-1 text-right">{formatValue(totals[index]!)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

function tooltipText(point: StackedBarPoint, labels: string[], formatBucket: (epochMs: number) => string, formatValue: (value: number) => string): string {
  const lines = point.values.map((value, index) => (value > 0 ? `${labels[index]}: ${formatValue(value)}` : null)).filter((line): line is string => line !== null);
  const total = point.values.reduce((sum, value) => sum + value, 0);
  return [formatBucket(point.t), ...(lines.length > 0 ? lines : ["nothing recorded"]), ...(lines.length > 1 ? [`total: ${formatValue(total)}`] : [])].join("\n");
}
