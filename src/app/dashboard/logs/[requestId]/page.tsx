import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AttemptTrailCard } from "@/components/logs/attempt-trail-card";
import { CostExplanationCard } from "@/components/logs/cost-explanation-card";
import { PhaseTimingsCard } from "@/components/logs/phase-timings-card";
import { RequestBodiesCard } from "@/components/logs/request-bodies-card";
import { requestFactsOf } from "@/components/logs/request-facts";
import { RequestSummaryCard } from "@/components/logs/request-summary-card";
import { loadRequestDetail } from "./load-request-detail";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Request · omniroute" };

export default async function RequestDetailPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId: encoded } = await params;
  const requestId = decodeURIComponent(encoded).slice(0, 200);
  const detail = await loadRequestDetail(requestId);
  const back = (
    <Link prefetch={false} href="/dashboard/logs" className={buttonClassName("secondary", "sm")}>
      ← All requests
    </Link>
  );
  const facts = detail.isAttached ? requestFactsOf(detail.row, detail.logEntry) : undefined;
  if (!detail.isAttached || facts === undefined) {
    return (
      <>
        <PageHeader title="Request" actions={back} />
        <EmptyState
          title="No record of this request"
          description={detail.isAttached ? "It may be older than the usage retention, or the id is mistyped." : "The gateway engine is not attached."}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Request" description={<code className="font-mono text-xs">{facts.requestId}</code>} actions={back} />
      <RequestSummaryCard facts={facts} />
      <div className={`grid gap-6 ${detail.logEntry?.phases && detail.row?.costBreakdown ? "lg:grid-cols-2" : ""}`}>
        <PhaseTimingsCard phases={detail.logEntry?.phases ?? null} latencyMs={facts.latencyMs} />
        <CostExplanationCard explanation={detail.row?.costBreakdown ?? null} />
      </div>
      {detail.logEntry ? <AttemptTrailCard trail={detail.logEntry.attemptTrail} upstreamCalls={facts.attempts} /> : null}
      <RequestBodiesCard entry={detail.logEntry} isRequestLogOn={detail.isRequestLogOn} />
    </>
  );
}
