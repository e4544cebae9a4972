"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { BudgetPeriodView } from "@/app/dashboard/keys/keys-view";
import type { ApiKeyView } from "@/lib/server/services/api-keys/api-key-view";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { Notice } from "../ui/notice";
import { PageHeader } from "../ui/page-header";
import { CreatedKeyNotice } from "./created-key-notice";
import { KeyBudgetCell } from "./key-budget-cell";
import { KeyForm, emptyKeyFormValues, isoToLocalInput, toKeyBody, type KeyFormValues } from "./key-form";
import { KeyStatusBadge } from "./key-status-badge";

type Editing = { mode: "create" } | { mode: "edit"; key: ApiKeyView } | null;

/** The Keys page below its notices: header with "Create key", the table, create/edit dialog, enable/disable, revoke. */
export function KeysManager({ keys, budgets, modelChoices, notice }: { keys: ApiKeyView[]; budgets: Record<string, BudgetPeriodView[]>; modelChoices: string[]; notice?: ReactNode }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  async function save(values: KeyFormValues): Promise<string | undefined> {
    const body = toKeyBody(values);
    if (editing?.mode === "edit") {
      const result = await apiRequest("PATCH", `/api/keys/${encodeURIComponent(editing.key.id)}`, body);
      if (!result.ok) return result.message;
    } else {
      const result = await apiRequest<{ name: string; key: string }>("POST", "/api/keys", body);
      if (!result.ok) return result.message;
      setCreated({ name: result.data.name, key: result.data.key });
    }
    setEditing(null);
    router.refresh();
    return undefined;
  }

  async function setEnabled(key: ApiKeyView, enabled: boolean) {
    setRowError(null);
    const result = await apiRequest("PATCH", `/api/keys/${encodeURIComponent(key.id)}`, { enabled });
    if (!result.ok) setRowError(`${key.name}: ${result.message}`);
    router.refresh();
  }

  async function revoke(key: ApiKeyView): Promise<string | undefined> {
    const result = await apiRequest("DELETE", `/api/keys/${encodeURIComponent(key.id)}`);
    if (!result.ok) return result.message;
    router.refresh();
    return undefined;
  }

  const initial: KeyFormValues =
    editing?.mode === "edit"
      ? {
          name: editing.key.name,
          expiresAtLocal: isoToLocalInput(editing.key.expiresAt),
          isRestricted: editing.key.allowedModels !== null,
          allowedModels: editing.key.allowedModels ?? [],
          dailyUsd: editing.key.budget?.dailyUsd?.toString() ?? "",
          monthlyUsd: editing.key.budget?.monthlyUsd?.toString() ?? "",
          warnAtPercent: editing.key.budget?.warnAtPercent?.toString() ?? "",
        }
      : emptyKeyFormValues;

  return (
    <>
      <PageHeader
        title="Client keys"
        description="The keys your tools send to omniroute. Each can be limited to some models, given a budget, disabled or revoked."
        actions={
          <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
            Create key
          </Button>
        }
      />
      {notice}
      {created ? <CreatedKeyNotice name={created.name} apiKey={created.key} onDismiss={() => setCreated(null)} /> : null}
      {rowError ? <Notice tone="danger">{rowError}</Notice> : null}

      <Card>
        <DataTable
          caption="Client keys"
          rows={keys}
          rowKey={(key) => key.id}
          empty={
            <EmptyState
              title="No client keys yet"
              description="Tools send a client key with every request to /v1. Create one per tool or person, so usage and budgets stay separate."
              action={
                <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
                  Create the first key
                </Button>
              }
            />
          }
          columns={[
            {
              key: "name",
              header: "Name",
              cell: (key) => (
                <div className="grid gap-0.5">
                  <span className="font-medium">{key.name}</span>
                  <code className="font-mono text-xs text-muted">{key.prefix}…</code>
                </div>
              ),
            },
            { key: "status", header: "Status", cell: (key) => <KeyStatusBadge apiKey={key} /> },
            {
              key: "models",
              header: "Models",
              className: "hidden md:table-cell",
              cell: (key) =>
                key.allowedModels === null ? (
                  <span className="text-muted">All</span>
                ) : (
                  <span className="font-mono text-xs" title={key.allowedModels.join(", ")}>
                    {key.allowedModels.slice(0, 3).join(", ")}
                    {key.allowedModels.length > 3 ? ` +${key.allowedModels.length - 3}` : ""}
                  </span>
                ),
            },
            { key: "budget", header: "Budget", className: "hidden lg:table-cell", cell: (key) => <KeyBudgetCell periods={budgets[key.id]} /> },
            {
              key: "used",
              header: "Last used",
              className: "hidden sm:table-cell",
              cell: (key) => <span className="text-muted">{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : "Never"}</span>,
            },
            {
              key: "actions",
              header: <span className="sr-only">Actions</span>,
              align: "right",
              cell: (key) => (
                <div className="flex flex-wrap justify-end gap-1.5">
                  <Button size="sm" onClick={() => setEditing({ mode: "edit", key })} aria-label={`Edit ${key.name}`}>
                    Edit
                  </Button>
                  <Button size="sm" onClick={() => setEnabled(key, !key.enabled)} aria-label={`${key.enabled ? "Disable" : "Enable"} ${key.name}`}>
                    {key.enabled ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    label="Revoke"
                    ariaLabel={`Revoke ${key.name}`}
                    title={`Revoke “${key.name}”?`}
                    description="Requests with this key are refused from the next one on. Its usage history stays. This cannot be undone."
                    confirmLabel="Revoke key"
                    onConfirm={() => revoke(key)}
                  />
                </div>
              ),
            },
          ]}
        />
      </Card>

      <Dialog
        isOpen={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit “${editing.key.name}”` : "Create a client key"}
        description={editing?.mode === "edit" ? "The key itself stays the same." : "The key is shown once, right after it is created."}
      >
        {editing ? (
          <KeyForm
            key={editing.mode === "edit" ? editing.key.id : "create"}
            initial={initial}
            modelChoices={modelChoices}
            submitLabel={editing.mode === "edit" ? "Save" : "Create key"}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </>
  );
}
