import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { formatCompact, formatInteger, formatLatency, formatUsd } from "@/components/usage/format-usage";
import { LocalTime } from "./local-time";
import { RequestStatusBadge } from "./request-status-badge";
import type { RequestFacts } from "./request-facts";

/** Who asked for what, who answered, how it ended, and what it used. */
export function RequestSummaryCard({ facts }: { facts: RequestFacts }) {
  const { tokens } = facts;
  return (
    <Card title="Summary">
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <Fact label="Outcome">
          <span className="flex flex-wrap items-center gap-2">
            <RequestStatusBadge status={facts.status} httpStatus={facts.httpStatus} />
            {facts.errorCode ? <code className="font-mono text-xs">{facts.errorCode}</code> : null}
          </span>
        </Fact>
        <Fact label="Started">
          <LocalTime epochMs={facts.startedAt} format="date-time" />
        </Fact>
        <Fact label="Endpoint">
          <code className="font-mono text-xs">{facts.endpoint || "—"}</code> <span className="text-muted">· {facts.clientFormat}{facts.stream ? " · streamed" : ""}</span>
        </Fact>
        <Fact label="Model asked for">{facts.model ?? "—"}</Fact>
        <Fact label="Answered by">
          {facts.provider ? (
            <>
              {facts.provider}/{facts.upstreamModel ?? "?"}
              {facts.account ? <span className="text-muted"> · account {facts.account}</span> : null}
            </>
          ) : (
            <span className="text-muted">no provider was called</span>
          )}
        </Fact>
        <Fact label="Key">{facts.apiKeyName ?? <span className="text-muted">none</span>}</Fact>
        {facts.combo ? <Fact label="Combo">{facts.combo}</Fact> : null}
        {facts.sessionKey ? (
          <Fact label="Session">
            <Link prefetch={false} href={`/dashboard/logs?session=${encodeURIComponent(facts.sessionKey)}&range=30d`} className="font-mono text-xs text-accent underline-offset-2 hover:underline" aria-label={`${facts.sessionKey}: all requests of this session`}>
              {facts.sessionKey}
            </Link>
          </Fact>
        ) : null}
        <Fact label="Upstream calls">{facts.attempts === null ? "—" : formatInteger(facts.attempts)}</Fact>
        <Fact label="Latency">
          {formatLatency(facts.latencyMs)}
          {facts.ttfbMs !== null ? <span className="text-muted"> · first byte {formatLatency(facts.ttfbMs)}</span> : null}
        </Fact>
        <Fact label="Tokens">
          {tokens.input === null && tokens.output === null ? (
            <span className="text-muted">not reported</span>
          ) : (
            <>
              {formatCompact(tokens.input ?? 0)} in{tokens.estimated ? " (estimated)" : ""} · {formatCompact(tokens.output ?? 0)} out
              {tokens.cacheRead ? <span className="text-muted"> · {formatCompact(tokens.cacheRead)} cache read</span> : null}
              {tokens.cacheWrite ? <span className="text-muted"> · {formatCompact(tokens.cacheWrite)} cache write</span> : null}
              {tokens.reasoning ? <span className="text-muted"> · {formatCompact(tokens.reasoning)} reasoning</span> : null}
            </>
          )}
        </Fact>
        <Fact label="Cost">{facts.costUsd === null ? <span className="text-muted">unknown</span> : formatUsd(facts.costUsd)}</Fact>
      </dl>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 break-words">{children}</dd>
    </div>
  );
}
