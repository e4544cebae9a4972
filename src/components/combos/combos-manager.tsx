"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ComboView } from "@/lib/server/services/combos/combo-view";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmButton } from "../ui/confirm-button";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { Notice } from "../ui/notice";
import { PageHeader } from "../ui/page-header";
import { StatusBadge } from "../ui/status-badge";
import { ComboForm, comboToFormValues, emptyComboFormValues, toComboBody, type ComboFormValues } from "./combo-form";
import { ComboTestButton } from "./combo-test-button";

type Editing = { mode: "create" } | { mode: "edit"; combo: ComboView } | null;

/** The Combos page's interactive part: one card per combo, create/edit dialog, enable/disable, test, delete. */
export function CombosManager({ combos, modelChoices, requireApiKey }: { combos: ComboView[]; modelChoices: string[]; requireApiKey: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  async function save(values: ComboFormValues): Promise<string | undefined> {
    const isCreate = editing?.mode !== "edit";
    const result = isCreate
      ? await apiRequest("POST", "/api/combos", toComboBody(values, true))
      : await apiRequest("PATCH", `/api/combos/${encodeURIComponent(values.name)}`, toComboBody(values, false));
    if (!result.ok) return result.message;
    setEditing(null);
    router.refresh();
    return undefined;
  }

  async function setEnabled(combo: ComboView, enabled: boolean) {
    setRowError(null);
    const result = await apiRequest("PATCH", `/api/combos/${encodeURIComponent(combo.name)}`, { enabled });
    if (!result.ok) setRowError(`${combo.name}: ${result.message}`);
    router.refresh();
  }

  async function remove(combo: ComboView): Promise<string | undefined> {
    const result = await apiRequest("DELETE", `/api/combos/${encodeURIComponent(combo.name)}`);
    if (!result.ok) return result.message;
    router.refresh();
    return undefined;
  }

  return (
    <>
      <PageHeader
        title="Combos"
        description="Model names that route to several targets in order, with automatic fallback when one fails, is rate limited or cooling down."
        actions={
          <Button variant="primary" onClick={() => setEditing({ mode: "create" })} disabled={modelChoices.length === 0} title={modelChoices.length === 0 ? "Connect a provider first" : undefined}>
            Create combo
          </Button>
        }
      />
      {rowError ? <Notice tone="danger">{rowError}</Notice> : null}

      {combos.length === 0 ? (
        <Card>
          <EmptyState
            title="No combos yet"
            description={
              modelChoices.length === 0
                ? "A combo needs models to route to: connect a provider first, then come back."
                : "A combo is a model name your tools can use that tries several models in order: e.g. your subscription first, then a cheap API key when it is rate limited."
            }
            action={
              modelChoices.length === 0 ? (
                <Link href="/dashboard/providers" className="text-sm text-accent underline underline-offset-2">
                  Connect a provider
                </Link>
              ) : (
                <Button variant="primary" onClick={() => setEditing({ mode: "create" })}>
                  Create the first combo
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Combos">
          {combos.map((combo) => (
            <li key={combo.name}>
              <Card
                headingLevel={2}
                title={<code className="font-mono">{combo.name}</code>}
                description={
                  <span className="flex flex-wrap gap-1.5">
                    <StatusBadge tone={combo.enabled ? "ok" : "neutral"}>{combo.enabled ? "Enabled" : "Disabled"}</StatusBadge>
                    <StatusBadge tone="info">{combo.strategy === "priority" ? "Priority" : "Round-robin"}</StatusBadge>
                  </span>
                }
                className="h-full"
              >
                <ol className="mb-4 grid gap-1 text-sm" aria-label={`Targets of ${combo.name}`}>
                  {combo.models.map((model, index) => (
                    <li key={model} className="flex items-center gap-2">
                      <span className="w-5 text-right text-xs tabular-nums text-muted">{index + 1}.</span>
                      <code className="min-w-0 truncate font-mono text-[13px]">{model}</code>
                      {combo.strategy === "round-robin" && combo.weights ? <span className="text-xs text-muted">weight {combo.weights[index]}</span> : null}
                    </li>
                  ))}
                </ol>
                <div className="flex flex-wrap gap-1.5">
                  {combo.enabled ? <ComboTestButton name={combo.name} requireApiKey={requireApiKey} /> : null}
                  <Button size="sm" onClick={() => setEditing({ mode: "edit", combo })} aria-label={`Edit ${combo.name}`}>
                    Edit
                  </Button>
                  <Button size="sm" onClick={() => setEnabled(combo, !combo.enabled)} aria-label={`${combo.enabled ? "Disable" : "Enable"} ${combo.name}`}>
                    {combo.enabled ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    label="Delete"
                    ariaLabel={`Delete ${combo.name}`}
                    title={`Delete “${combo.name}”?`}
                    description="Tools that send this name as the model get an “unknown model” error from the next request on."
                    confirmLabel="Delete combo"
                    onConfirm={() => remove(combo)}
                  />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}

      <Dialog
        isOpen={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? `Edit “${editing.combo.name}”` : "Create a combo"}
        description="A combo is a model name that routes to several targets with fallback."
        size="lg"
      >
        {editing ? (
          <ComboForm
            key={editing.mode === "edit" ? editing.combo.name : "create"}
            initial={editing.mode === "edit" ? comboToFormValues(editing.combo) : emptyComboFormValues}
            isCreate={editing.mode === "create"}
            modelChoices={modelChoices}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </>
  );
}
