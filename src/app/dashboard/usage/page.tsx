import type { Metadata } from "next";
import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ChartFigure } from "@/components/charts/chart-figure";
import { CHART_HEIGHT } from "@/components/charts/chart-theme";
import { UsageOverTimeChart } from "@/components/charts/usage-over-time-chart";
import { SegmentedLinks } from "@/components/usage/segmented-links";
import { UsageEmptyState } from "@/components/usage/usage-empty-state";
import { UsageExportLinks } from "@/components/usage/usage-export-links";
import { UsageSummaryTiles } from "@/components/usage/usage-summary-tiles";
import { loadUsageOverview } from "./load-usage-view";
import { UsageDetailsSection } from "./usage-details-section";
import { UsageMonthSection } from "./usage-month-section";
import { USAGE_GROUPS, USAGE_METRICS, USAGE_RANGES, parseUsageSearchParams, usageHref, type UsageSearchParams } from "./usage-search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage · omniroute" };

const RANGE_LABELS: Record<UsageSearchParams["range"], string> = { "24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days" };
const GROUP_LABELS: Record<UsageSearchParams["groupBy"], string> = { provider: "Provider", model: "Model", key: "Key", account: "Account" };
const METRIC_LABELS: Record<UsageSearchParams["metric"], string> = { cost: "Cost", tokens: "Tokens", requests: "Requests" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = parseUsageSearchParams(await searchParams);
  const overview = await loadUsageOverview(params);
  const rangeLabel = RANGE_LABELS[params.range];
  const groupLabel = GROUP_LABELS[params.groupBy].toLowerCase();

  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests, tokens and cost recorded by the gateway, by provider, model, key or account. Times are UTC."
        actions={overview.isAttached ? <UsageExportLinks range={params.range} /> : undefined}
      />
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <SegmentedLinks label="Range" options={USAGE_RANGES.map((range) => ({ label: range, href: usageHref(params, { range }), isActive: params.range === range }))} />
        <SegmentedLinks label="Group by" options={USAGE_GROUPS.map((groupBy) => ({ label: GROUP_LABELS[groupBy], href: usageHref(params, { groupBy }), isActive: params.groupBy === groupBy }))} />
        <SegmentedLinks label="Metric" options={USAGE_METRICS.map((metric) => ({ label: METRIC_LABELS[metric], href: usageHref(params, { metric }), isActive: params.metric === metric }))} />
      </div>

      {!overview.isAttached || overview.totals.requests === 0 ? (
        <UsageEmptyState rangeLabel={rangeLabel} isAttached={overview.isAttached} />
      ) : (
        <>
          <UsageSummaryTiles totals={overview.totals} rangeLabel={rangeLabel} />
          <Card title={`${METRIC_LABELS[params.metric]} over time by ${groupLabel}`} description={`${rangeLabel}, one bar per ${overview.chart.bucket} (UTC).`}>
            <ChartFigure
              caption={`${METRIC_LABELS[params.metric]} per ${overview.chart.bucket} by ${groupLabel}: ${overview.chart.series.map((series) => series.label).join(", ")}`}
              height={CHART_HEIGHT}
              testId="usage-over-time-chart"
            >
              <UsageOverTimeChart data={overview.chart} description={`${METRIC_LABELS[params.metric]} over time by ${groupLabel}`} />
            </ChartFigure>
          </Card>
          <Suspense fallback={<SectionSkeleton label="Loading top models and the cost breakdown…" columns={2} />}>
            <UsageDetailsSection range={overview.range} rangeLabel={rangeLabel} />
          </Suspense>
        </>
      )}

      {overview.isAttached ? (
        <Suspense fallback={<SectionSkeleton label="Loading quota and the monthly report…" columns={1} />}>
          <UsageMonthSection params={params} />
        </Suspense>
      ) : null}
    </>
  );
}

function SectionSkeleton({ label, columns }: { label: string; columns: 1 | 2 }) {
  return (
    <div role="status" className={`grid gap-6 ${columns === 2 ? "lg:grid-cols-2" : ""}`}>
      <span className="sr-only">{label}</span>
      {Array.from({ length: columns }, (_, index) => (
        <Skeleton key={index} className="h-72 w-full rounded-xl" />
      ))}
    </div>
  );
}
