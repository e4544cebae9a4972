"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import type { ComboView } from "@/lib/server/services/combos/combo-view";
import { Button } from "../ui/button";
import { CheckboxField, FormField, TextInput, describedBy } from "../ui/form-field";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { Notice } from "../ui/notice";
import { ComboTargetsEditor, type ComboTarget } from "./combo-targets-editor";

export interface ComboFormValues {
  name: string;
  strategy: "priority" | "round-robin";
  targets: ComboTarget[];
  enabled: boolean;
}

/** The API's rules (combo-input.ts), checked in the browser first; the server checks members against providers. */
export const comboFormSchema = z
  .object({
    name: z
      .string()
      .max(100, "At most 100 characters.")
      .regex(/^[a-z0-9][a-z0-9-_.]*$/i, "Start with a letter or digit; then letters, digits, -, _ and . only."),
    strategy: z.enum(["priority", "round-robin"]),
    targets: z
      .array(z.object({ model: z.string().min(1).max(200), weight: z.string() }))
      .min(1, "Add at least one target.")
      .max(50, "At most 50 targets."),
    enabled: z.boolean(),
  })
  .refine(
    (values) => values.strategy !== "round-robin" || values.targets.every((target) => /^\d+$/.test(target.weight.trim()) && Number(target.weight) >= 1 && Number(target.weight) <= 1000),
    { message: "Each weight is a whole number from 1 to 1000.", path: ["targets"] },
  );

/** POST/PATCH body: weights only for round-robin, and only when they are not all equal. */
export function toComboBody(values: ComboFormValues, isCreate: boolean) {
  const weights = values.targets.map((target) => Number(target.weight));
  const hasWeights = values.strategy === "round-robin" && weights.some((weight) => weight !== weights[0]);
  return {
    ...(isCreate ? { name: values.name } : {}),
    models: values.targets.map((target) => target.model),
    strategy: values.strategy,
    ...(hasWeights ? { weights } : {}),
    enabled: values.enabled,
  };
}

export function comboToFormValues(combo: ComboView): ComboFormValues {
  return {
    name: combo.name,
    strategy: combo.strategy,
    targets: combo.models.map((model, index) => ({ model, weight: String(combo.weights?.[index] ?? 1) })),
    enabled: combo.enabled,
  };
}

export const emptyComboFormValues: ComboFormValues = { name: "", strategy: "priority", targets: [], enabled: true };

/** Create/edit form; `onSubmit` returns an error message or nothing on success. */
export function ComboForm({
  initial,
  isCreate,
  modelChoices,
  onSubmit,
  onCancel,
}: {
  initial: ComboFormValues;
  isCreate: boolean;
  modelChoices: string[];
  onSubmit: (values: ComboFormValues) => Promise<string | undefined>;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = comboFormSchema.safeParse(values);
    if (!checked.success) {
      setErrors(firstIssueByField(checked.error.issues));
      return;
    }
    setErrors({});
    setServerError(null);
    setIsPending(true);
    const problem = await onSubmit(values);
    setIsPending(false);
    if (problem) setServerError(problem);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {isCreate ? (
        <FormField label="Name" id="combo-name" error={errors.name} hint="Tools send this as the model name, e.g. my-coding-stack.">
          <TextInput
            id="combo-name"
            value={values.name}
            autoFocus
            onChange={(event) => setValues({ ...values, name: event.target.value })}
            className="font-mono"
            {...describedBy("combo-name", { hasHint: true, error: errors.name })}
          />
        </FormField>
      ) : null}

      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Strategy</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <StrategyOption
            value="priority"
            current={values.strategy}
            onSelect={(strategy) => setValues({ ...values, strategy })}
            title="Priority"
            description="Always try the first target; fall back down the list when it fails or is cooling down."
          />
          <StrategyOption
            value="round-robin"
            current={values.strategy}
            onSelect={(strategy) => setValues({ ...values, strategy })}
            title="Round-robin"
            description="Spread requests across the targets by weight; the others are still the fallback."
          />
        </div>
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Targets</legend>
        <p className="text-xs text-muted">In priority order. Drag the handle or use the arrow buttons to reorder.</p>
        <ComboTargetsEditor targets={values.targets} onChange={(targets) => setValues({ ...values, targets })} modelChoices={modelChoices} showWeights={values.strategy === "round-robin"} />
        {errors.targets ? (
          <p role="alert" className="text-xs text-danger">
            {errors.targets}
          </p>
        ) : null}
      </fieldset>

      <CheckboxField label="Enabled" hint="A disabled combo is kept but not offered to tools." checked={values.enabled} onChange={(event) => setValues({ ...values, enabled: event.target.checked })} />

      {serverError ? <Notice tone="danger">{serverError}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" isPending={isPending}>
          {isCreate ? "Create combo" : "Save"}
        </Button>
      </div>
    </form>
  );
}

function StrategyOption({
  value,
  current,
  onSelect,
  title,
  description,
}: {
  value: ComboFormValues["strategy"];
  current: ComboFormValues["strategy"];
  onSelect: (value: ComboFormValues["strategy"]) => void;
  title: string;
  description: string;
}) {
  return (
    <label className={`flex cursor-pointer gap-2.5 rounded-lg border p-3 text-sm ${current === value ? "border-accent bg-accent-soft/40" : "border-border"}`}>
      <input type="radio" name="combo-strategy" value={value} checked={current === value} onChange={() => onSelect(value)} className="mt-0.5 accent-[var(--accent)]" />
      <span className="grid gap-0.5">
        <span className="font-medium">{title}</span>
        <span className="text-xs text-muted">{description}</span>
      </span>
    </label>
  );
}
