"use client";

import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { ProxyFieldsEditor, proxyDraftToFields, proxyViewToDraft } from "../settings/proxy-fields-editor";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { CheckboxField } from "../ui/form-field";
import { SaveStatus } from "../ui/save-status";
import { useSave } from "../ui/use-save";

/** This provider's own outbound proxy (PUT /api/settings/proxy `{providers: {id: …}}`); off: the global one applies. */
export function ProviderProxyPanel({ provider, isSocks5Enabled }: { provider: ProviderView; isSocks5Enabled: boolean }) {
  const [isOn, setIsOn] = useState(provider.proxy !== null);
  const [draft, setDraft] = useState(proxyViewToDraft(provider.proxy));
  const [error, setError] = useState<string | null>(null);
  const { state, save, isPending } = useSave();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = isOn ? proxyDraftToFields(draft) : null;
    if (typeof fields === "string") return setError(fields);
    setError(null);
    await save(() => apiRequest("PUT", "/api/settings/proxy", { providers: { [provider.id]: fields } }), isOn ? "Proxy saved." : "Proxy removed: the global proxy (if any) applies.");
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      <CheckboxField label={`${provider.displayName} uses its own proxy`} hint="Off: the global proxy from Settings applies, if one is set." checked={isOn} onChange={(event) => setIsOn(event.target.checked)} />
      {isOn ? <ProxyFieldsEditor id={`proxy-${provider.id}`} draft={draft} onChange={setDraft} isSocks5Enabled={isSocks5Enabled} hasSavedPassword={provider.proxy?.hasPassword ?? false} /> : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" isPending={isPending}>
          Save proxy
        </Button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
