"use client";

import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AccountLimitView } from "../../../open-sse/src/routing/account-limiter";
import { providerLabel, type ProviderNames } from "./resilience-data";

/** Each account's concurrency and rate limit: configured, in effect after 429 tuning, and current load. */
export function RateLimitsTable({ accounts, names }: { accounts: AccountLimitView[]; names: ProviderNames }) {
  return (
    <DataTable
      caption="Rate limits per account"
      dense
      rows={accounts}
      rowKey={(account) => `${account.providerId}:${account.accountId}`}
      empty={<p className="text-sm text-muted">No accounts are configured yet.</p>}
      columns={[
        {
          key: "account",
          header: "Account",
          cell: (account) => (
            <span>
              <span className="font-medium">{providerLabel(names, account.providerId)}</span> / {account.accountName}
            </span>
          ),
        },
        {
          key: "state",
          header: "State",
          cell: (account) =>
            account.atLimit ? (
              <StatusBadge tone="warn">At limit{account.nextSlotInMs !== null ? ` · slot in ${Math.ceil(account.nextSlotInMs / 1000)}s` : ""}</StatusBadge>
            ) : (
              <StatusBadge tone="ok">Available</StatusBadge>
            ),
        },
        { key: "inFlight", header: "In flight", align: "right", cell: (account) => `${account.inFlight}${account.maxConcurrent !== null ? ` / ${account.maxConcurrent}` : ""}` },
        {
          key: "rpm",
          header: "Requests / min",
          align: "right",
          cell: (account) => (
            <span>
              {account.recentRequestsPerMinute}
              {account.effectiveRequestsPerMinute !== null ? <span className="text-muted"> / {account.effectiveRequestsPerMinute}</span> : null}
              {account.autoTuned ? <span className="ml-1 text-xs text-warn" title={`configured ${account.requestsPerMinute ?? "none"}`}>tuned down</span> : null}
            </span>
          ),
        },
        { key: "429", header: "429s", align: "right", className: "hidden sm:table-cell", cell: (account) => account.rateLimitedResponses },
      ]}
    />
  );
}
