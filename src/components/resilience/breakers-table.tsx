"use client";

import { Button } from "@/components/ui/button";
import { Countdown } from "@/components/ui/countdown";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import type { BreakerSnapshot } from "../../../open-sse/src/routing/circuit-breaker";
import { providerLabel, type ProviderNames } from "./resilience-data";

const STATE_TONE = { closed: "ok", "half-open": "warn", open: "danger" } as const;
const STATE_LABEL = { closed: "Closed", "half-open": "Half-open", open: "Open" } as const;

interface BreakerRow {
  providerId: string;
  breaker: BreakerSnapshot | undefined;
}

/**
 * One row per configured provider (and any provider the engine has a breaker for): closed passes traffic, open
 * skips the provider until its wait ends, half-open lets one probe through.
 */
export function BreakersTable({
  breakers,
  providerIds,
  names,
  clockOffsetMs,
  pendingKey,
  onReset,
  onExpire,
}: {
  breakers: BreakerSnapshot[];
  providerIds: string[];
  names: ProviderNames;
  clockOffsetMs: number;
  pendingKey: string | null;
  onReset: (providerId: string) => void;
  onExpire: () => void;
}) {
  const byProvider = new Map(breakers.map((breaker) => [breaker.providerId, breaker]));
  const ids = [...new Set([...providerIds, ...byProvider.keys()])].sort((left, right) => stateRank(byProvider.get(right)) - stateRank(byProvider.get(left)) || left.localeCompare(right));
  const rows: BreakerRow[] = ids.map((providerId) => ({ providerId, breaker: byProvider.get(providerId) }));
  return (
    <DataTable
      caption="Circuit breaker per provider"
      dense
      rows={rows}
      rowKey={(row) => row.providerId}
      columns={[
        { key: "provider", header: "Provider", cell: (row) => <span className="font-medium">{providerLabel(names, row.providerId)}</span> },
        {
          key: "state",
          header: "State",
          cell: (row) => {
            const state = row.breaker?.state ?? "closed";
            return (
              <span className="flex flex-wrap items-center gap-2">
                <StatusBadge tone={STATE_TONE[state]}>{STATE_LABEL[state]}</StatusBadge>
                {state === "open" && row.breaker?.openUntil !== undefined ? (
                  <span className="text-xs text-muted">
                    probe in <Countdown until={row.breaker.openUntil - clockOffsetMs} onDone={onExpire} />
                  </span>
                ) : null}
                {row.breaker?.probeInFlight ? <span className="text-xs text-muted">probe running</span> : null}
              </span>
            );
          },
        },
        {
          key: "failures",
          header: "Recent failures",
          align: "right",
          className: "hidden sm:table-cell",
          // An opening breaker starts a fresh window: "0 of 0" would read as "no failures".
          cell: (row) => (row.breaker && row.breaker.windowCalls > 0 ? `${row.breaker.windowFailures} of ${row.breaker.windowCalls}` : <span className="text-muted">—</span>),
        },
        { key: "streak", header: "In a row", align: "right", className: "hidden md:table-cell", cell: (row) => row.breaker?.consecutiveFailures ?? 0 },
        { key: "profile", header: "Profile", className: "hidden lg:table-cell", cell: (row) => <span className="text-muted">{row.breaker?.profile ?? "—"}</span> },
        {
          key: "action",
          header: <span className="sr-only">Actions</span>,
          align: "right",
          cell: (row) => (
            <Button size="sm" variant="secondary" isPending={pendingKey === `provider:${row.providerId}`} onClick={() => onReset(row.providerId)} aria-label={`Reset ${providerLabel(names, row.providerId)}: breaker and all its cooldowns`}>
              Reset
            </Button>
          ),
        },
      ]}
      empty={<p className="text-sm text-muted">No providers are configured yet.</p>}
    />
  );
}

function stateRank(breaker: BreakerSnapshot | undefined): number {
  return breaker?.state === "open" ? 2 : breaker?.state === "half-open" ? 1 : 0;
}
