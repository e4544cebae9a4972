"use client";

import { useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { FormField, SelectInput, TextInput } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

export type ThinkingPolicy = { mode: "passthrough" } | { mode: "budget"; budgetTokens: number } | { mode: "effort"; effort: string };

const EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
const MAX_BUDGET = 128_000;

/** A policy being edited: the budget as typed, so a half-typed number is not lost. */
interface PolicyDraft {
  mode: ThinkingPolicy["mode"];
  budget: string;
  effort: string;
}

function toDraft(policy: ThinkingPolicy): PolicyDraft {
  return { mode: policy.mode, budget: policy.mode === "budget" ? String(policy.budgetTokens) : "8000", effort: policy.mode === "effort" ? policy.effort : "medium" };
}

/** The policy for the API, or an error message. */
function fromDraft(draft: PolicyDraft): ThinkingPolicy | string {
  if (draft.mode === "passthrough") return { mode: "passthrough" };
  if (draft.mode === "effort") return { mode: "effort", effort: draft.effort };
  const tokens = Number(draft.budget);
  if (!/^\d+$/.test(draft.budget.trim()) || tokens > MAX_BUDGET) return `The budget is a whole number of tokens from 0 to ${MAX_BUDGET.toLocaleString("en-US")}.`;
  return { mode: "budget", budgetTokens: tokens };
}

/** How much the models may think: the global policy and per-model exceptions (the engine clamps to each model). */
export function ThinkingBudgetForm({ initial }: { initial: { global: ThinkingPolicy; perModel: Record<string, ThinkingPolicy> } }) {
  const [global, setGlobal] = useState(toDraft(initial.global));
  const [perModel, setPerModel] = useState(Object.entries(initial.perModel).map(([model, policy]) => ({ model, draft: toDraft(policy) })));
  const [error, setError] = useState<string | null>(null);
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const globalPolicy = fromDraft(global);
    if (typeof globalPolicy === "string") return setError(`Global: ${globalPolicy}`);
    const entries: Record<string, ThinkingPolicy> = {};
    for (const entry of perModel) {
      const model = entry.model.trim();
      if (!/^[\x21-\x7e]{1,256}$/.test(model)) return setError(`“${entry.model}” is not a model id (printable characters, no spaces).`);
      const policy = fromDraft(entry.draft);
      if (typeof policy === "string") return setError(`${model}: ${policy}`);
      entries[model] = policy;
    }
    setError(null);
    await save(() => apiRequest("PUT", "/api/settings/thinking-budget", { global: globalPolicy, perModel: entries }));
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <PolicyEditor id="thinking-global" label="Every model" draft={global} onChange={setGlobal} />
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Per model</legend>
        {perModel.length === 0 ? <p className="text-sm text-muted">No exceptions: every model follows the policy above.</p> : null}
        {perModel.map((entry, index) => (
          <div key={index} className="grid items-end gap-2 rounded-lg border border-border p-3 md:grid-cols-[1fr_auto_auto]">
            <FormField label="Model" id={`thinking-model-${index}`}>
              <TextInput
                id={`thinking-model-${index}`}
                value={entry.model}
                placeholder="anthropic/claude-sonnet-4-5"
                className="font-mono"
                onChange={(event) => setPerModel(perModel.map((other, otherIndex) => (otherIndex === index ? { ...other, model: event.target.value } : other)))}
              />
            </FormField>
            <PolicyEditor
              id={`thinking-policy-${index}`}
              label="Policy"
              draft={entry.draft}
              onChange={(draft) => setPerModel(perModel.map((other, otherIndex) => (otherIndex === index ? { ...other, draft } : other)))}
            />
            <Button size="sm" variant="ghost" onClick={() => setPerModel(perModel.filter((_, otherIndex) => otherIndex !== index))} aria-label={`Remove the rule for ${entry.model || "this model"}`}>
              Remove
            </Button>
          </div>
        ))}
        <div>
          <Button size="sm" onClick={() => setPerModel([...perModel, { model: "", draft: toDraft({ mode: "budget", budgetTokens: 8000 }) }])}>
            Add a model rule
          </Button>
        </div>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Save thinking settings
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}

function PolicyEditor({ id, label, draft, onChange }: { id: string; label: string; draft: PolicyDraft; onChange: (draft: PolicyDraft) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-2">
      <FormField label={label} id={`${id}-mode`}>
        <SelectInput id={`${id}-mode`} value={draft.mode} onChange={(event) => onChange({ ...draft, mode: event.target.value as PolicyDraft["mode"] })}>
          <option value="passthrough">As the client asks</option>
          <option value="budget">Token budget</option>
          <option value="effort">Reasoning effort</option>
        </SelectInput>
      </FormField>
      {draft.mode === "budget" ? (
        <FormField label="Tokens" id={`${id}-budget`}>
          <TextInput id={`${id}-budget`} inputMode="numeric" value={draft.budget} onChange={(event) => onChange({ ...draft, budget: event.target.value })} className="w-28" />
        </FormField>
      ) : null}
      {draft.mode === "effort" ? (
        <FormField label="Effort" id={`${id}-effort`}>
          <SelectInput id={`${id}-effort`} value={draft.effort} onChange={(event) => onChange({ ...draft, effort: event.target.value })}>
            {EFFORTS.map((effort) => (
              <option key={effort} value={effort}>
                {effort}
              </option>
            ))}
          </SelectInput>
        </FormField>
      ) : null}
    </div>
  );
}
