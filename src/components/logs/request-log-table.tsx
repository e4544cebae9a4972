import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { formatCompact, formatLatency, formatUsd } from "@/components/usage/format-usage";
import { LocalTime } from "./local-time";
import { RequestStatusBadge } from "./request-status-badge";
import type { RequestLogRow } from "./request-log-row";

/**
 * The request rows; the time links to the request's detail page (its accessible name reads "Details of the
 * request at <time>"). Rows in `highlighted` just arrived.
 */
export function RequestLogTable({ rows, highlighted }: { rows: readonly RequestLogRow[]; highlighted?: ReadonlySet<string> }) {
  return (
    <DataTable
      caption="Requests, newest first"
      dense
      rows={rows}
      rowKey={(row) => row.requestId}
      columns={[
        {
          key: "time",
          header: "Time",
          cell: (row) => (
            <Link prefetch={false} href={`/dashboard/logs/${encodeURIComponent(row.requestId)}`} className={`relative inline-block font-mono text-xs underline-offset-2 hover:underline ${highlighted?.has(row.requestId) ? "text-accent" : ""}`}>
              <span className="sr-only">Details of the request at </span>
              <LocalTime epochMs={row.startedAt} />
            </Link>
          ),
        },
        { key: "status", header: "Status", cell: (row) => <RequestStatusBadge status={row.status} httpStatus={row.httpStatus} /> },
        {
          key: "model",
          header: "Model",
          cell: (row) => (
            <span className="block max-w-[18rem] truncate" title={[row.provider, row.model].filter(Boolean).join("/")}>
              {row.provider ? <span className="text-muted">{row.provider}/</span> : null}
              {row.model ?? <span className="text-muted">—</span>}
            </span>
          ),
        },
        { key: "key", header: "Key", className: "hidden md:table-cell", cell: (row) => row.apiKeyName ?? <span className="text-muted">—</span> },
        {
          key: "tokens",
          header: "Tokens in / out",
          align: "right",
          className: "hidden sm:table-cell",
          cell: (row) => (row.inputTokens === null && row.outputTokens === null ? <span className="text-muted">—</span> : `${formatCompact(row.inputTokens ?? 0)} / ${formatCompact(row.outputTokens ?? 0)}`),
        },
        { key: "cost", header: "Cost", align: "right", className: "hidden sm:table-cell", cell: (row) => (row.costUsd === null ? <span className="text-muted">—</span> : formatUsd(row.costUsd)) },
        { key: "latency", header: "Latency", align: "right", cell: (row) => formatLatency(row.latencyMs) },
      ]}
    />
  );
}
