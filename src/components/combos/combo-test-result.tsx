import type { ComboTestResult } from "@/app/api/combos/[name]/test/run-combo-test";
import { DataTable } from "../ui/data-table";
import { Notice } from "../ui/notice";
import { StatusBadge, type StatusTone } from "../ui/status-badge";

const outcomeTone: Record<ComboTestResult["members"][number]["outcome"], StatusTone> = {
  answered: "ok",
  failed: "danger",
  skipped: "warn",
  "not-tried": "neutral",
};

/** Which target answered the test request, and what happened to each of the others. */
export function ComboTestResultView({ result }: { result: ComboTestResult }) {
  return (
    <div className="grid gap-3" data-testid="combo-test-result">
      <Notice tone={result.ok ? "ok" : "danger"} title={result.ok ? `Answered by ${result.answeredBy?.model ?? "an unknown target"}` : `Failed with HTTP ${result.status || "—"}`}>
        <p>
          {result.latencyMs} ms
          {result.attempts !== null ? ` · ${result.attempts} attempt${result.attempts === 1 ? "" : "s"}` : ""}
          {result.answeredBy?.account ? ` · account ${result.answeredBy.account}` : ""}
        </p>
        <p className="mt-1 break-words font-mono text-xs">{result.message}</p>
      </Notice>
      <DataTable
        caption="What happened to each target"
        dense
        rows={result.members}
        rowKey={(member) => member.model}
        columns={[
          { key: "model", header: "Target", cell: (member) => <code className="font-mono text-xs">{member.model}</code> },
          { key: "outcome", header: "Outcome", cell: (member) => <StatusBadge tone={outcomeTone[member.outcome]}>{member.outcome}</StatusBadge> },
          { key: "reason", header: "Why", cell: (member) => <span className="text-xs text-muted">{member.reason ?? "—"}</span> },
        ]}
      />
      <p className="text-xs text-muted">
        {result.source === "attempt-trail"
          ? "From this request's attempt trail in the request log."
          : "The request log kept no attempt trail for this request; reasons come from the breakers and cooldowns routing consults."}{" "}
        Request id <code className="font-mono">{result.requestId}</code>.
      </p>
    </div>
  );
}
