"use client";

import { useState, type FormEvent } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { CheckboxField } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";
import { ProxyFieldsEditor, proxyDraftToFields, proxyViewToDraft, type ProxyView } from "./proxy-fields-editor";

/** The proxy every provider without its own uses for upstream calls; with a connection test. */
export function GlobalProxyForm({ initial, isSocks5Enabled }: { initial: ProxyView | null; isSocks5Enabled: boolean }) {
  const [isOn, setIsOn] = useState(initial !== null);
  const [draft, setDraft] = useState(proxyViewToDraft(initial));
  const [error, setError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<{ ok: boolean; latencyMs: number; message: string } | null>(null);
  const [isTesting, setIsTesting] = useState(false);
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = isOn ? proxyDraftToFields(draft) : null;
    if (typeof fields === "string") return setError(fields);
    setError(null);
    await save(() => apiRequest("PUT", "/api/settings/proxy", { global: fields }), isOn ? "Proxy saved; it applies from the next request." : "Proxy removed.");
  }

  async function test() {
    const fields = proxyDraftToFields(draft);
    if (typeof fields === "string") return setError(fields);
    setError(null);
    setIsTesting(true);
    const result = await apiRequest<{ ok: boolean; latencyMs: number; message: string }>("POST", "/api/settings/proxy/test", { proxy: fields });
    setIsTesting(false);
    setTestResult(result.ok ? result.data : { ok: false, latencyMs: 0, message: result.message });
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      <CheckboxField label="Send upstream requests through a proxy" hint="Providers with their own proxy (Providers page) use theirs." checked={isOn} onChange={(event) => setIsOn(event.target.checked)} />
      {isOn ? <ProxyFieldsEditor id="global-proxy" draft={draft} onChange={setDraft} isSocks5Enabled={isSocks5Enabled} hasSavedPassword={initial?.hasPassword ?? false} /> : null}
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      {testResult ? (
        <Notice tone={testResult.ok ? "ok" : "danger"} title={testResult.ok ? `Proxy works (${testResult.latencyMs} ms)` : "Proxy test failed"}>
          {testResult.message}
        </Notice>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" isPending={isPending}>
          Save proxy
        </Button>
        {isOn ? (
          <Button onClick={test} isPending={isTesting}>
            Test connection
          </Button>
        ) : null}
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
