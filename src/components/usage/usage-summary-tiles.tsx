import { StatTile } from "@/components/ui/stat-tile";
import type { UsageTotals } from "@/lib/server/usage/aggregate-usage";
import { formatCompact, formatInteger, formatLatency, formatPercent, formatUsd } from "./format-usage";

/** The range at a glance: requests (and how many failed), tokens, cost, average latency. */
export function UsageSummaryTiles({ totals, rangeLabel }: { totals: UsageTotals; rangeLabel: string }) {
  const errorShare = totals.requests === 0 ? 0 : totals.errors / totals.requests;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatTile
        label="Requests"
        value={formatInteger(totals.requests)}
        hint={`${formatInteger(totals.errors)} failed (${formatPercent(errorShare)}) · ${rangeLabel}`}
        tone={errorShare > 0.2 ? "danger" : undefined}
      />
      <StatTile label="Tokens" value={formatCompact(totals.inputTokens + totals.outputTokens)} hint={`${formatCompact(totals.inputTokens)} in · ${formatCompact(totals.outputTokens)} out`} />
      <StatTile
        label="Cost"
        value={formatUsd(totals.costUsd)}
        hint={totals.unpriced > 0 ? `not counting ${formatInteger(totals.unpriced)} requests without a known price` : "at the recorded prices"}
      />
      <StatTile label="Avg latency" value={totals.requests === 0 ? "—" : formatLatency(totals.latencyMsSum / totals.requests)} hint="whole request, incl. streaming" />
    </dl>
  );
}
