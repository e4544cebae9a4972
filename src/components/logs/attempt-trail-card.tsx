import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatLatency } from "@/components/usage/format-usage";
import type { AttemptRecord } from "../../../open-sse/src/ports";

/** Every target the router tried or skipped, in order, and why: the answer to "why did this go to X?". */
export function AttemptTrailCard({ trail, upstreamCalls }: { trail: readonly AttemptRecord[]; upstreamCalls: number | null }) {
  return (
    <Card title="Attempts" description="Targets in the order the router walked them; skipped ones were never called.">
      <DataTable
        caption="Attempts in order"
        dense
        rows={trail.map((attempt, index) => ({ ...attempt, index }))}
        rowKey={(attempt) => String(attempt.index)}
        empty={
          <p className="text-sm text-muted">
            {upstreamCalls !== null && upstreamCalls > 0
              ? `The router made ${upstreamCalls} upstream call${upstreamCalls === 1 ? "" : "s"}, but this server did not record the trail of targets.`
              : "No upstream was tried: the request ended before routing."}
          </p>
        }
        columns={[
          { key: "step", header: "#", cell: (attempt) => <span className="tabular-nums text-muted">{attempt.index + 1}</span> },
          {
            key: "target",
            header: "Target",
            cell: (attempt) => (
              <span className="break-words">
                {attempt.model}
                {attempt.account ? <span className="text-muted"> · {attempt.account}</span> : null}
              </span>
            ),
          },
          {
            key: "outcome",
            header: "Outcome",
            cell: (attempt) => <StatusBadge tone={attempt.outcome === "ok" ? "ok" : attempt.outcome === "failed" ? "danger" : "neutral"}>{attempt.outcome === "ok" ? "Answered" : attempt.outcome === "failed" ? "Failed" : "Skipped"}</StatusBadge>,
          },
          { key: "reason", header: "Reason", cell: (attempt) => attempt.reason ?? <span className="text-muted">—</span> },
          { key: "status", header: "HTTP", align: "right", cell: (attempt) => attempt.httpStatus ?? <span className="text-muted">—</span> },
          { key: "latency", header: "Time", align: "right", cell: (attempt) => (attempt.outcome === "skipped" ? <span className="text-muted">—</span> : formatLatency(attempt.latencyMs)) },
        ]}
      />
    </Card>
  );
}
