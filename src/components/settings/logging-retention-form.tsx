"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { CheckboxField, FormField, TextInput, describedBy } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

export interface LoggingRetentionValues {
  usageRetentionDays: number;
  requestLogs: { enabled: boolean; retentionDays: number; maxBytes: number } | null;
  /** Set when ENABLE_REQUEST_LOGS in the environment overrides the stored switch. */
  enabledByEnvironment: boolean | null;
}

const days = (label: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 3650, `${label}: whole days from 1 to 3650.`);

const formSchema = z.object({
  usageRetentionDays: days("Usage rows"),
  requestLogDays: days("Request log"),
  requestLogMegabytes: z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1_048_576, "Size cap: whole megabytes, at least 1."),
});

/** How long usage rows are kept, and the request log (request and response content per request) switch and limits. */
export function LoggingRetentionForm({ initial }: { initial: LoggingRetentionValues }) {
  const [isLogging, setIsLogging] = useState(initial.requestLogs?.enabled ?? false);
  const [values, setValues] = useState({
    usageRetentionDays: String(initial.usageRetentionDays),
    requestLogDays: String(initial.requestLogs?.retentionDays ?? 7),
    requestLogMegabytes: String(Math.round((initial.requestLogs?.maxBytes ?? 512 * 1024 * 1024) / (1024 * 1024))),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = formSchema.safeParse(values);
    if (!checked.success) return setErrors(firstIssueByField(checked.error.issues));
    setErrors({});
    const body: Record<string, unknown> = { retentionDays: Number(values.usageRetentionDays) };
    if (initial.requestLogs !== null) {
      body.requestLogs = { enabled: isLogging, retentionDays: Number(values.requestLogDays), maxBytes: Number(values.requestLogMegabytes) * 1024 * 1024 };
    }
    await save(() => apiRequest("PUT", "/api/usage/settings", body));
  }

  const numberField = (name: keyof typeof values, label: string, hint: string, isDisabled = false) => (
    <FormField label={label} id={`logging-${name}`} hint={hint} error={errors[name]}>
      <TextInput
        id={`logging-${name}`}
        inputMode="numeric"
        value={values[name]}
        disabled={isDisabled}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        className="max-w-32"
        {...describedBy(`logging-${name}`, { hasHint: true, error: errors[name] })}
      />
    </FormField>
  );

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {numberField("usageRetentionDays", "Keep usage rows for (days)", "Per-request rows; daily totals are kept for good. Applies at the next hourly cleanup.")}
      {initial.requestLogs === null ? (
        <p className="text-sm text-muted">This server has no request log.</p>
      ) : (
        <fieldset className="grid gap-3">
          <legend className="text-sm font-medium">Request log</legend>
          <CheckboxField
            label="Keep request and response content for each request"
            hint="Shown in the Logs page's detail view, with secrets redacted. Client keys can opt out one by one."
            checked={isLogging}
            onChange={(event) => setIsLogging(event.target.checked)}
          />
          {initial.enabledByEnvironment !== null ? (
            <Notice tone="info">ENABLE_REQUEST_LOGS in the server&apos;s environment decides this switch right now ({initial.enabledByEnvironment ? "on" : "off"}).</Notice>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            {numberField("requestLogDays", "Keep entries for (days)", "Older entries are removed.", !isLogging)}
            {numberField("requestLogMegabytes", "Size cap (MB)", "The oldest entries go first past this.", !isLogging)}
          </div>
        </fieldset>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Save logging settings
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
