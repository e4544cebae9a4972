"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import { Button } from "../ui/button";
import { CheckboxField, FormField, TextInput, describedBy } from "../ui/form-field";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { Notice } from "../ui/notice";
import { TagListInput } from "../ui/tag-list-input";
import { keyNameSchema } from "./quick-key-form";

/** What the form edits; the API body is built from it by `toKeyBody`. */
export interface KeyFormValues {
  name: string;
  /** `datetime-local` value (local time), "" for never. */
  expiresAtLocal: string;
  isRestricted: boolean;
  allowedModels: string[];
  dailyUsd: string;
  monthlyUsd: string;
  warnAtPercent: string;
}

const optionalAmount = (label: string, max: number) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || (Number.isFinite(Number(value)) && Number(value) > 0 && Number(value) <= max), `${label} must be a number above 0 and at most ${max}.`);

/** Client-side rules mirroring the API's (api-key-input.ts): the server validates again. */
export const keyFormSchema = z
  .object({
    name: keyNameSchema,
    expiresAtLocal: z.string().refine((value) => value === "" || !Number.isNaN(new Date(value).getTime()), "Not a valid date."),
    isRestricted: z.boolean(),
    allowedModels: z.array(z.string().min(1).max(200)).max(500),
    dailyUsd: optionalAmount("The daily limit", 1_000_000),
    monthlyUsd: optionalAmount("The monthly limit", 10_000_000),
    warnAtPercent: z
      .string()
      .trim()
      .refine((value) => value === "" || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 100), "Warn at must be a whole percent from 1 to 100."),
  })
  .refine((values) => !values.isRestricted || values.allowedModels.length > 0, { message: "Pick at least one model, or allow every model.", path: ["allowedModels"] })
  .refine((values) => values.warnAtPercent === "" || values.dailyUsd !== "" || values.monthlyUsd !== "", { message: "A warning needs a daily or monthly limit.", path: ["warnAtPercent"] });

/** The POST/PATCH /api/keys body for these values. */
export function toKeyBody(values: KeyFormValues) {
  const hasBudget = values.dailyUsd.trim() !== "" || values.monthlyUsd.trim() !== "";
  return {
    name: values.name.trim(),
    expiresAt: values.expiresAtLocal === "" ? null : new Date(values.expiresAtLocal).toISOString(),
    allowedModels: values.isRestricted ? values.allowedModels : null,
    budget: hasBudget
      ? {
          dailyUsd: values.dailyUsd.trim() === "" ? null : Number(values.dailyUsd),
          monthlyUsd: values.monthlyUsd.trim() === "" ? null : Number(values.monthlyUsd),
          warnAtPercent: values.warnAtPercent.trim() === "" ? null : Number(values.warnAtPercent),
        }
      : null,
  };
}

/** An ISO time as a `datetime-local` value in the browser's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (iso === null) return "";
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export const emptyKeyFormValues: KeyFormValues = { name: "", expiresAtLocal: "", isRestricted: false, allowedModels: [], dailyUsd: "", monthlyUsd: "", warnAtPercent: "" };

/** Create and edit form for a client key. `onSubmit` returns an error message, or nothing on success. */
export function KeyForm({
  initial,
  modelChoices,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: KeyFormValues;
  modelChoices: string[];
  submitLabel: string;
  onSubmit: (values: KeyFormValues) => Promise<string | undefined>;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const set = <Field extends keyof KeyFormValues>(field: Field, value: KeyFormValues[Field]) => setValues((current) => ({ ...current, [field]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = keyFormSchema.safeParse(values);
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
      <FormField label="Name" id="key-name" error={errors.name} hint="Which tool or person uses it, e.g. claude-code-laptop.">
        <TextInput id="key-name" value={values.name} onChange={(event) => set("name", event.target.value)} autoFocus {...describedBy("key-name", { hasHint: true, error: errors.name })} />
      </FormField>

      <FormField label="Expires" id="key-expiry" error={errors.expiresAtLocal} hint="Leave empty for a key that never expires. Your local time.">
        <TextInput
          id="key-expiry"
          type="datetime-local"
          value={values.expiresAtLocal}
          onChange={(event) => set("expiresAtLocal", event.target.value)}
          {...describedBy("key-expiry", { hasHint: true, error: errors.expiresAtLocal })}
        />
      </FormField>

      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Models</legend>
        <CheckboxField
          label="Only these models and combos"
          hint="Off: the key may use every model. On: requests for anything else are refused."
          checked={values.isRestricted}
          onChange={(event) => set("isRestricted", event.target.checked)}
        />
        {values.isRestricted ? (
          <>
            <TagListInput id="key-models" values={values.allowedModels} onChange={(models) => set("allowedModels", models)} suggestions={modelChoices} placeholder="mock/gpt-4o or a combo name" addLabel="Add model" />
            {errors.allowedModels ? (
              <p role="alert" className="text-xs text-danger">
                {errors.allowedModels}
              </p>
            ) : null}
          </>
        ) : null}
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Budget (US dollars)</legend>
        <p className="text-xs text-muted">Requests are refused once the key spent its limit for the UTC day or month. Leave empty for no limit.</p>
        <div className="grid gap-3 sm:grid-cols-3">
          <FormField label="Per day" id="key-daily" error={errors.dailyUsd}>
            <TextInput id="key-daily" inputMode="decimal" value={values.dailyUsd} onChange={(event) => set("dailyUsd", event.target.value)} placeholder="none" {...describedBy("key-daily", { error: errors.dailyUsd })} />
          </FormField>
          <FormField label="Per month" id="key-monthly" error={errors.monthlyUsd}>
            <TextInput id="key-monthly" inputMode="decimal" value={values.monthlyUsd} onChange={(event) => set("monthlyUsd", event.target.value)} placeholder="none" {...describedBy("key-monthly", { error: errors.monthlyUsd })} />
          </FormField>
          <FormField label="Warn at %" id="key-warn" error={errors.warnAtPercent}>
            <TextInput id="key-warn" inputMode="numeric" value={values.warnAtPercent} onChange={(event) => set("warnAtPercent", event.target.value)} placeholder="none" {...describedBy("key-warn", { error: errors.warnAtPercent })} />
          </FormField>
        </div>
      </fieldset>

      {serverError ? <Notice tone="danger">{serverError}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" isPending={isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
