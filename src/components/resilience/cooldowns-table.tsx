"use client";

import { Button } from "@/components/ui/button";
import { Countdown } from "@/components/ui/countdown";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import type { CooldownEntry } from "../../../open-sse/src/routing/cooldown-book";
import { accountLabel, providerLabel, type ProviderNames } from "./resilience-data";

const KIND_LABEL = { account: "Account", model: "Model", "auth-failed": "Sign-in failed" } as const;

export function cooldownKey(entry: CooldownEntry): string {
  return `cooldown:${entry.providerId}:${entry.accountId}:${entry.model ?? ""}:${entry.kind}`;
}

/** Accounts (or one model on an account) the router skips until the countdown ends, with the reason. */
export function CooldownsTable({
  cooldowns,
  names,
  clockOffsetMs,
  pendingKey,
  onClear,
  onExpire,
}: {
  cooldowns: CooldownEntry[];
  names: ProviderNames;
  clockOffsetMs: number;
  pendingKey: string | null;
  onClear: (entry: CooldownEntry) => void;
  onExpire: () => void;
}) {
  const rows = [...cooldowns].sort((left, right) => left.until - right.until);
  return (
    <DataTable
      caption="Cooldowns, soonest to end first"
      dense
      rows={rows}
      rowKey={cooldownKey}
      empty={<EmptyState title="Nothing is cooling down" description="When an account answers 429, fails to sign in or reports a spent quota, it rests here until it may be tried again." />}
      columns={[
        {
          key: "target",
          header: "Account",
          cell: (entry) => (
            <span className="break-words">
              <span className="font-medium">{providerLabel(names, entry.providerId)}</span> / {accountLabel(names, entry.providerId, entry.accountId)}
              {entry.model ? <span className="text-muted"> · {entry.model}</span> : null}
            </span>
          ),
        },
        { key: "kind", header: "Scope", cell: (entry) => <StatusBadge tone={entry.kind === "auth-failed" ? "danger" : "warn"}>{KIND_LABEL[entry.kind]}</StatusBadge> },
        { key: "reason", header: "Reason", cell: (entry) => <span className="break-words">{entry.reason}</span> },
        {
          key: "until",
          header: "Ends in",
          align: "right",
          cell: (entry) => <Countdown until={entry.until - clockOffsetMs} doneLabel="ended" onDone={onExpire} />,
        },
        {
          key: "action",
          header: <span className="sr-only">Actions</span>,
          align: "right",
          cell: (entry) => (
            <Button
              size="sm"
              variant="secondary"
              isPending={pendingKey === cooldownKey(entry)}
              onClick={() => onClear(entry)}
              aria-label={`Clear the cooldown of ${providerLabel(names, entry.providerId)} / ${accountLabel(names, entry.providerId, entry.accountId)}${entry.model ? ` for ${entry.model}` : ""}`}
            >
              Clear
            </Button>
          ),
        },
      ]}
    />
  );
}
