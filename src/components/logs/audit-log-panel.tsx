import Link from "next/link";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectInput } from "@/components/ui/form-field";
import { StatusBadge } from "@/components/ui/status-badge";
import { AUDIT_AREAS, auditHref, loadAuditView, type AuditSearchParams } from "@/app/dashboard/logs/load-audit-view";
import type { AuditEntry } from "@/lib/server/audit/audit-log";
import { LocalTime } from "./local-time";

/** Who changed what in the dashboard (and through its API), when, from where; secrets were masked on write. */
export function AuditLogPanel({ params }: { params: AuditSearchParams }) {
  const view = loadAuditView(params);
  if (!view.isAttached) return <EmptyState title="The gateway engine is not attached" description="The audit log is read from the running omniroute server." />;
  const hasFilters = params.area !== undefined || params.outcome !== undefined;
  return (
    <Card title="Audit log" description="Every login and every change made through the dashboard or its API, newest first. Secrets are masked.">
      <div className="grid gap-4">
        <form key={auditHref(params, {})} method="get" action="/dashboard/logs" className="flex flex-wrap items-end gap-3" aria-label="Filter audit entries">
          <input type="hidden" name="tab" value="audit" />
          <div className="grid gap-1 text-xs">
            <label htmlFor="audit-area" className="font-medium text-muted">
              Area
            </label>
            <SelectInput id="audit-area" name="area" defaultValue={params.area ?? ""}>
              <option value="">Everything</option>
              {AUDIT_AREAS.map((area) => (
                <option key={area} value={area}>
                  {area}
                </option>
              ))}
            </SelectInput>
          </div>
          <div className="grid gap-1 text-xs">
            <label htmlFor="audit-outcome" className="font-medium text-muted">
              Outcome
            </label>
            <SelectInput id="audit-outcome" name="outcome" defaultValue={params.outcome ?? ""}>
              <option value="">Any</option>
              <option value="success">Succeeded</option>
              <option value="failure">Failed</option>
            </SelectInput>
          </div>
          <Button type="submit" variant="primary">
            Apply
          </Button>
        </form>
        <DataTable
          caption="Audit entries, newest first"
          dense
          rows={view.entries}
          rowKey={(entry) => String(entry.id)}
          empty={
            <EmptyState
              title={hasFilters ? "No entries match these filters" : "No audit entries yet"}
              description={hasFilters ? "Clear a filter to see more." : "Logins and every change made here (keys, providers, combos, settings) are recorded as they happen."}
            />
          }
          columns={[
            { key: "time", header: "Time", cell: (entry) => <LocalTime epochMs={entry.at} format="date-time" /> },
            { key: "action", header: "Action", cell: (entry) => <code className="font-mono text-xs">{entry.action}</code> },
            { key: "target", header: "Target", className: "hidden md:table-cell", cell: (entry) => entry.target ?? <span className="text-muted">—</span> },
            { key: "actor", header: "Actor", className: "hidden sm:table-cell", cell: (entry) => `${entry.actor}${entry.ip ? ` · ${entry.ip}` : ""}` },
            {
              key: "outcome",
              header: "Outcome",
              cell: (entry) => <StatusBadge tone={entry.outcome === "success" ? "ok" : "danger"}>{entry.outcome === "success" ? "OK" : "Failed"}{entry.httpStatus ? ` ${entry.httpStatus}` : ""}</StatusBadge>,
            },
            { key: "change", header: "Change", cell: (entry) => <ChangeDetails entry={entry} /> },
          ]}
        />
        {view.nextCursor || params.cursor ? (
          <nav aria-label="Audit pages" className="flex justify-between">
            {params.cursor ? <Link prefetch={false} href={auditHref(params, {})} className={buttonClassName("ghost", "sm")}>← Newest</Link> : <span />}
            {view.nextCursor ? <Link prefetch={false} href={auditHref(params, { cursor: view.nextCursor })} className={buttonClassName("secondary", "sm")}>Older →</Link> : null}
          </nav>
        ) : null}
      </div>
    </Card>
  );
}

function ChangeDetails({ entry }: { entry: AuditEntry }) {
  if (entry.before === null && entry.after === null) return <span className="text-muted">—</span>;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-accent">Show</summary>
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        <ChangeSide label="Before" value={entry.before} />
        <ChangeSide label="After" value={entry.after} />
      </div>
    </details>
  );
}

function ChangeSide({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <p className="font-medium text-muted">{label}</p>
      <pre tabIndex={0} className="mt-1 max-h-64 overflow-auto rounded bg-code p-2 font-mono text-[11px]">{value === null ? "—" : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
