import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ChartFigure } from "@/components/charts/chart-figure";
import { SMALL_CHART_HEIGHT } from "@/components/charts/chart-theme";
import { DailyCostChart } from "@/components/charts/daily-cost-chart";
import type { MonthSummary } from "@/app/dashboard/usage/load-usage-view";
import type { ReportLine } from "@/lib/server/usage/query-monthly-report";
import { formatCompact, formatInteger, formatUsd } from "./format-usage";

const LINES_SHOWN = 8;

/** One UTC month: totals, cost per day, and the dearest providers, models and keys; CSV of all of it. */
export function MonthlyReportCard({ month, monthHref }: { month: MonthSummary; monthHref: (month: string) => string }) {
  const monthName = new Date(`${month.month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <Card
      id="monthly-report"
      title={`Monthly report · ${monthName}`}
      description="UTC calendar month, from the daily rollups (kept after raw rows expire)."
      actions={
        <>
          <Link prefetch={false} href={monthHref(month.previousMonth)} scroll={false} className={buttonClassName("ghost", "sm")} aria-label="Previous month">
            ← Previous
          </Link>
          {month.nextMonth ? (
            <Link prefetch={false} href={monthHref(month.nextMonth)} scroll={false} className={buttonClassName("ghost", "sm")} aria-label="Next month">
              Next →
            </Link>
          ) : null}
          <a href={`/api/usage/report?month=${month.month}&format=csv`} className={buttonClassName("secondary", "sm")} download>
            Download CSV
          </a>
        </>
      }
    >
      {month.totals.requests === 0 ? (
        <EmptyState title={`No requests in ${monthName}`} description="Pick another month, or send requests through the gateway: this report fills in as they are recorded." />
      ) : (
        <div className="grid gap-5">
          <p className="text-sm">
            <span className="font-semibold tabular-nums">{formatUsd(month.totals.costUsd)}</span> over{" "}
            <span className="tabular-nums">{formatInteger(month.totals.requests)}</span> requests and{" "}
            <span className="tabular-nums">{formatCompact(month.totals.inputTokens + month.totals.outputTokens)}</span> tokens
            {month.totals.errors > 0 ? <span className="text-muted"> · {formatInteger(month.totals.errors)} failed</span> : null}
          </p>
          <ChartFigure caption={`Cost per day in ${monthName}`} height={SMALL_CHART_HEIGHT}>
            <DailyCostChart points={month.daily} description={`Cost per day in ${monthName}`} />
          </ChartFigure>
          <div className="grid gap-5 lg:grid-cols-3">
            <ReportTable caption="By provider" lines={month.byProvider} emptyLabel="(no provider)" />
            <ReportTable caption="By model" lines={month.byModel} emptyLabel="(no model)" />
            <ReportTable caption="By key" lines={month.byKey} emptyLabel="(no key)" />
          </div>
        </div>
      )}
    </Card>
  );
}

function ReportTable({ caption, lines, emptyLabel }: { caption: string; lines: ReportLine[]; emptyLabel: string }) {
  const shown = lines.slice(0, LINES_SHOWN);
  return (
    <div className="min-w-0">
      <DataTable
        caption={lines.length > LINES_SHOWN ? `${caption} (top ${LINES_SHOWN} of ${lines.length})` : caption}
        isCaptionVisible
        dense
        rows={shown}
        rowKey={(line) => line.key}
        columns={[
          { key: "name", header: "Name", cell: (line) => <span className="break-words">{line.label || emptyLabel}</span> },
          { key: "requests", header: "Requests", align: "right", cell: (line) => formatInteger(line.requests) },
          { key: "cost", header: "Cost", align: "right", cell: (line) => formatUsd(line.costUsd) },
        ]}
      />
    </div>
  );
}
