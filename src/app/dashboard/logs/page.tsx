import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { AuditLogPanel } from "@/components/logs/audit-log-panel";
import { LogsFilterForm } from "@/components/logs/logs-filter-form";
import { LogsTabs } from "@/components/logs/logs-tabs";
import { RequestLogList } from "@/components/logs/request-log-list";
import { parseAuditSearchParams } from "./load-audit-view";
import { loadLogsView } from "./load-logs-view";
import { logsApiQuery, logsHref, parseLogsSearchParams, type LogsSearchParams } from "./logs-search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Logs · omniroute" };

export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const params = parseLogsSearchParams(raw);
  return (
    <>
      <PageHeader title="Logs" description="Every request the gateway handled, with its outcome, tokens, cost and timing; and every change made in this dashboard." />
      <LogsTabs active={params.tab} />
      {params.tab === "audit" ? <AuditLogPanel params={parseAuditSearchParams(raw)} /> : <RequestsView params={params} />}
    </>
  );
}

function RequestsView({ params }: { params: LogsSearchParams }) {
  const view = loadLogsView(params);
  if (!view.isAttached) {
    return <EmptyState title="The gateway engine is not attached" description="Logs are read from the running omniroute server: open this page from the address it prints." />;
  }
  const hasFilters = params.status !== undefined || params.provider !== undefined || params.model !== undefined || params.key !== undefined || params.session !== undefined;
  const exportQuery = logsApiQuery(params).toString();
  return (
    <Card
      title="Requests"
      description="Newest first. Open a request for its attempts, timings and cost."
      actions={
        <>
          <a href={`/api/usage/export?format=csv&${exportQuery}`} className={buttonClassName("secondary", "sm")} download>
            Export CSV
          </a>
          <a href={`/api/usage/export?format=json&${exportQuery}`} className={buttonClassName("secondary", "sm")} download>
            Export JSON
          </a>
        </>
      }
    >
      <div className="grid gap-4">
        <LogsFilterForm params={params} options={view.options} />
        {view.problem ? <Notice tone="danger" title="These filters cannot be applied">{view.problem}</Notice> : null}
        <RequestLogList
          key={`${exportQuery}|${params.cursor ?? ""}`}
          initialRows={view.rows}
          apiQuery={logsApiQuery(params).toString()}
          canTail={params.cursor === undefined}
          empty={
            hasFilters ? (
              <EmptyState title="No requests match these filters" description="Widen the time range or clear a filter." action={<Link prefetch={false} href="/dashboard/logs" className={buttonClassName("secondary", "md")}>Clear filters</Link>} />
            ) : (
              <EmptyState
                title="No requests yet"
                description="Requests appear here as soon as a client sends one through the gateway's /v1 endpoint. Turn on Live tail and send a prompt from your tool."
                action={<Link prefetch={false} href="/dashboard" className={buttonClassName("primary", "md")}>Set up a client</Link>}
              />
            )
          }
        />
        <nav aria-label="Pages" className="flex justify-between gap-2">
          {params.cursor ? (
            <Link prefetch={false} href={logsHref(params, {})} className={buttonClassName("ghost", "sm")}>
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {view.nextCursor ? (
            <Link prefetch={false} href={logsHref(params, { cursor: view.nextCursor })} className={buttonClassName("secondary", "sm")}>
              Older →
            </Link>
          ) : null}
        </nav>
      </div>
    </Card>
  );
}
