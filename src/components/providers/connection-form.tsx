"use client";

import { useState, type FormEvent } from "react";
import { z } from "zod";
import type { ConnectionView, ProviderView } from "@/lib/server/services/providers/provider-views";
import { ProxyFieldsEditor, proxyDraftToFields, proxyViewToDraft } from "../settings/proxy-fields-editor";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { firstIssueByField } from "../ui/first-issue-by-field";
import { CheckboxField, FormField, TextInput, describedBy } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { ProbeVerdict, type ProbeResult } from "./connection-test-button";

const optionalInteger = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || (/^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max), `${label}: a whole number from ${min} to ${max}.`);

/** The API's rules (provider-input.ts) for what the form can check alone; the server checks URLs and the rest. */
const connectionFormSchema = z.object({
  name: z.string().trim().max(100, "At most 100 characters.").regex(/^[^\p{Cc}]*$/u, "No control characters."),
  apiKey: z
    .string()
    .trim()
    .max(8192, "At most 8192 characters.")
    .regex(/^[^\s\p{Cc}]*$/u, "A key has no spaces."),
  baseUrl: z
    .string()
    .trim()
    .refine((value) => value === "" || /^https?:\/\/\S+$/.test(value), "A URL starting with http:// or https://."),
  priority: optionalInteger("Priority", -1_000_000, 1_000_000),
  maxConcurrent: optionalInteger("Max concurrent", 1, 100_000),
  requestsPerMinute: optionalInteger("Requests per minute", 1, 1_000_000),
});

type Values = z.infer<typeof connectionFormSchema> & { enabled: boolean; hasProxy: boolean };

const toNumber = (value: string) => (value.trim() === "" ? undefined : Number(value));

/**
 * Connect an API-key provider (the key is checked with the provider before it is saved; a failed check can be
 * overridden) or edit a connection (a blank key keeps the stored one). Per-account proxy included.
 */
export function ConnectionForm({
  provider,
  connection,
  isSocks5Enabled,
  onDone,
  onCancel,
}: {
  provider: ProviderView;
  connection?: ConnectionView;
  isSocks5Enabled: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const isEdit = connection !== undefined;
  const [values, setValues] = useState<Values>({
    name: connection?.name ?? "",
    apiKey: "",
    baseUrl: connection?.baseUrl ?? "",
    priority: connection ? String(connection.priority) : "",
    maxConcurrent: connection?.maxConcurrent?.toString() ?? "",
    requestsPerMinute: connection?.requestsPerMinute?.toString() ?? "",
    enabled: connection?.enabled ?? true,
    hasProxy: connection?.proxy != null,
  });
  const [proxy, setProxy] = useState(proxyViewToDraft(connection?.proxy ?? null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [isPending, setIsPending] = useState(false);
  const set = (patch: Partial<Values>) => setValues((current) => ({ ...current, ...patch }));

  async function submit(event: FormEvent<HTMLFormElement>, skipCheck = false) {
    event.preventDefault();
    const checked = connectionFormSchema.safeParse(values);
    const problems = checked.success ? {} : firstIssueByField(checked.error.issues);
    if (!isEdit && values.apiKey.trim() === "") problems.apiKey = "Paste the API key.";
    const proxyFields = values.hasProxy ? proxyDraftToFields(proxy) : null;
    if (typeof proxyFields === "string") problems.proxy = proxyFields;
    setErrors(problems);
    if (Object.keys(problems).length > 0 || typeof proxyFields === "string") return;
    setServerError(null);
    setIsPending(true);
    try {
      const apiKey = values.apiKey.trim();
      const baseUrl = values.baseUrl.trim();
      // Validate before save: a key the provider refuses is caught here, not at the first real request.
      if (apiKey !== "" && !skipCheck) {
        const check = await apiRequest<ProbeResult>("POST", "/api/providers/validate", { provider: provider.id, apiKey, ...(baseUrl ? { baseUrl } : {}) });
        if (!check.ok) return setServerError(check.message);
        setProbe(check.data);
        if (!check.data.ok) return;
      }
      const common = {
        ...(values.name.trim() !== "" ? { name: values.name.trim() } : {}),
        ...(toNumber(values.priority) !== undefined ? { priority: toNumber(values.priority) } : {}),
        enabled: values.enabled,
      };
      const result = isEdit
        ? await apiRequest("PATCH", `/api/providers/${encodeURIComponent(connection.id)}`, {
            ...common,
            ...(apiKey !== "" ? { apiKey } : {}),
            baseUrl: baseUrl === "" ? null : baseUrl,
            maxConcurrent: toNumber(values.maxConcurrent) ?? null,
            requestsPerMinute: toNumber(values.requestsPerMinute) ?? null,
            proxy: proxyFields,
          })
        : await apiRequest("POST", "/api/providers", {
            provider: provider.id,
            ...common,
            apiKey,
            ...(baseUrl ? { baseUrl } : {}),
            ...(toNumber(values.maxConcurrent) !== undefined ? { maxConcurrent: toNumber(values.maxConcurrent) } : {}),
            ...(toNumber(values.requestsPerMinute) !== undefined ? { requestsPerMinute: toNumber(values.requestsPerMinute) } : {}),
            ...(proxyFields ? { proxy: proxyFields } : {}),
          });
      if (!result.ok) return setServerError(result.message);
      onDone();
    } finally {
      setIsPending(false);
    }
  }

  const text = (name: "name" | "apiKey" | "baseUrl" | "priority" | "maxConcurrent" | "requestsPerMinute", label: string, options: { hint?: string; type?: string; placeholder?: string; mono?: boolean } = {}) => (
    <FormField label={label} id={`connection-${name}`} hint={options.hint} error={errors[name]}>
      <TextInput
        id={`connection-${name}`}
        type={options.type ?? "text"}
        autoComplete="off"
        value={values[name]}
        placeholder={options.placeholder}
        onChange={(event) => set({ [name]: event.target.value })}
        className={options.mono ? "font-mono" : ""}
        {...describedBy(`connection-${name}`, { hasHint: options.hint !== undefined, error: errors[name] })}
      />
    </FormField>
  );

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        {text("name", "Account name", { placeholder: "work", hint: "Shown in logs and usage." })}
        {text("apiKey", "API key", { type: "password", mono: true, hint: isEdit ? `Stored: ${connection.apiKey ?? "unreadable"}. Leave empty to keep it.` : undefined })}
      </div>
      {text("baseUrl", "Base URL (optional)", { placeholder: provider.defaultBaseUrl ?? provider.baseUrl ?? "https://…", mono: true, hint: "Only for a regional or self-hosted endpoint." })}
      <details className="rounded-lg border border-border px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium">Limits, priority and proxy</summary>
        <div className="mt-3 grid gap-3">
          <div className="grid gap-3 sm:grid-cols-3">
            {text("priority", "Priority", { hint: "Lower is tried first." })}
            {text("maxConcurrent", "Max concurrent", { hint: "Empty: no cap." })}
            {text("requestsPerMinute", "Requests per minute", { hint: "Empty: no cap." })}
          </div>
          <CheckboxField label="This account uses its own proxy" checked={values.hasProxy} onChange={(event) => set({ hasProxy: event.target.checked })} />
          {values.hasProxy ? <ProxyFieldsEditor id="connection-proxy" draft={proxy} onChange={setProxy} isSocks5Enabled={isSocks5Enabled} hasSavedPassword={connection?.proxy?.hasPassword ?? false} /> : null}
          {errors.proxy ? (
            <p role="alert" className="text-xs text-danger">
              {errors.proxy}
            </p>
          ) : null}
        </div>
      </details>
      <CheckboxField label="Enabled" hint="A disabled account is kept but never called." checked={values.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
      {probe && !probe.ok ? (
        <Notice tone="danger" title="The provider did not accept this key">
          <div className="grid gap-2">
            <ProbeVerdict result={probe} />
            <p>{probe.message}</p>
            <div>
              <Button size="sm" variant="danger" onClick={(event) => void submit(event as unknown as FormEvent<HTMLFormElement>, true)}>
                Save anyway
              </Button>
            </div>
          </div>
        </Notice>
      ) : null}
      {serverError ? <Notice tone="danger">{serverError}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" isPending={isPending}>
          {isEdit ? "Save" : "Check key and connect"}
        </Button>
      </div>
    </form>
  );
}
