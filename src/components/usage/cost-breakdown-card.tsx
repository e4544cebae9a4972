import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChartFigure } from "@/components/charts/chart-figure";
import { SMALL_CHART_HEIGHT, seriesColor } from "@/components/charts/chart-theme";
import { CostBreakdownChart, type CostSlice } from "@/components/charts/cost-breakdown-chart";
import type { CostBreakdown } from "@/lib/server/usage/query-cost-breakdown";
import { formatCompact, formatPercent, formatUsd } from "./format-usage";

const CLASS_LABELS: Record<string, string> = {
  input: "Input (uncached)",
  cache_read: "Cache read",
  cache_write: "Cache write",
  output: "Output",
  reasoning: "Reasoning",
};

/** Where the money went: uncached input, cache reads and writes, output and reasoning, with tokens and dollars. */
export function CostBreakdownCard({ breakdown, rangeLabel }: { breakdown: CostBreakdown; rangeLabel: string }) {
  const slices: CostSlice[] = breakdown.lines.map((line, index) => ({ label: CLASS_LABELS[line.tokenClass] ?? line.tokenClass, usd: line.usd, colorIndex: index }));
  const totalTokens = breakdown.lines.reduce((sum, line) => sum + line.tokens, 0);
  return (
    <Card title="Cost breakdown" description={`By token class, ${rangeLabel}. Cache reads are usually billed at a fraction of input.`}>
      {totalTokens === 0 ? (
        <EmptyState title="No tokens in this range" description="Token classes appear once requests with usage were recorded." />
      ) : (
        <div className="grid items-center gap-4">
          {breakdown.totalUsd > 0 ? (
            <div className="mx-auto w-full max-w-[12rem]">
            <ChartFigure caption={`Cost by token class: ${slices.map((slice) => `${slice.label} ${formatUsd(slice.usd)}`).join(", ")}`} height={SMALL_CHART_HEIGHT} isDeferred>
              <CostBreakdownChart slices={slices} description="Cost by token class" />
            </ChartFigure>
            </div>
          ) : (
            <p className="text-sm text-muted">Nothing billed: these requests ran on subscription or free accounts, or without a known price.</p>
          )}
          <table className="w-full text-sm">
            <caption className="sr-only">Tokens and cost per token class</caption>
            <thead>
              <tr className="whitespace-nowrap border-b border-border text-[11px] uppercase tracking-wide text-muted">
                <th scope="col" className="py-1.5 text-left font-medium">Class</th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">Tokens</th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">Cost</th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">Share</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.lines.map((line, index) => (
                <tr key={line.tokenClass} className="border-b border-border last:border-0">
                  <th scope="row" className="whitespace-nowrap py-1.5 text-left font-normal">
                    <span aria-hidden className="mr-2 inline-block size-2 rounded-full" style={{ background: seriesColor(index) }} />
                    {CLASS_LABELS[line.tokenClass]}
                  </th>
                  <td className="py-1.5 pl-3 text-right tabular-nums">{formatCompact(line.tokens)}</td>
                  <td className="py-1.5 pl-3 text-right tabular-nums">{formatUsd(line.usd)}</td>
                  <td className="py-1.5 pl-3 text-right tabular-nums text-muted">{breakdown.totalUsd > 0 ? formatPercent(line.usd / breakdown.totalUsd) : "—"}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-border font-medium">
                <th scope="row" className="py-1.5 text-left">Total</th>
                <td className="py-1.5 pl-3 text-right tabular-nums">{formatCompact(totalTokens)}</td>
                <td className="py-1.5 pl-3 text-right tabular-nums">{formatUsd(breakdown.totalUsd)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {breakdown.otherUsd > 0.005 ? (
        <p className="mt-3 text-xs text-muted">
          {formatUsd(breakdown.otherUsd)} of the total is not per token: images priced per image, or models whose prices are no longer recorded.
        </p>
      ) : null}
      {breakdown.unpricedRequests > 0 ? (
        <p className="mt-3 text-xs text-warn">{breakdown.unpricedRequests} requests had no known price and are not in these dollars. Set prices under Settings → Pricing.</p>
      ) : null}
    </Card>
  );
}
