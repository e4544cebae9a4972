"use client";

import { FormField, SelectInput, TextInput } from "../ui/form-field";

/** A proxy as the form edits it; `password` "" keeps the saved one (when `hasPassword`). */
export interface ProxyDraft {
  type: "http" | "https" | "socks5";
  host: string;
  port: string;
  username: string;
  password: string;
}

export interface ProxyView {
  type: "http" | "https" | "socks5";
  host: string;
  port: number;
  username: string | null;
  hasPassword: boolean;
}

export const emptyProxyDraft: ProxyDraft = { type: "http", host: "", port: "", username: "", password: "" };

export function proxyViewToDraft(view: ProxyView | null): ProxyDraft {
  return view === null ? emptyProxyDraft : { type: view.type, host: view.host, port: String(view.port), username: view.username ?? "", password: "" };
}

/** The API body for a draft (`/api/settings/proxy`), or an error message. A left-out password keeps the saved one. */
export function proxyDraftToFields(draft: ProxyDraft): { type: ProxyDraft["type"]; host: string; port: number; username?: string; password?: string } | string {
  const host = draft.host.trim();
  if (host === "" || /[\s/@]/.test(host) || host.includes("://")) return "Host: a host name or IP address, without scheme, port or credentials.";
  const port = Number(draft.port);
  if (!/^\d+$/.test(draft.port.trim()) || port < 1 || port > 65_535) return "Port: a number from 1 to 65535.";
  return {
    type: draft.type,
    host,
    port,
    ...(draft.username.trim() !== "" ? { username: draft.username.trim() } : {}),
    ...(draft.password !== "" ? { password: draft.password } : {}),
  };
}

/** Type, host, port, user and password of one outbound proxy. SOCKS5 is offered only where the server allows it. */
export function ProxyFieldsEditor({ id, draft, onChange, isSocks5Enabled, hasSavedPassword }: { id: string; draft: ProxyDraft; onChange: (draft: ProxyDraft) => void; isSocks5Enabled: boolean; hasSavedPassword: boolean }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[8rem_1fr_6rem]">
      <FormField label="Type" id={`${id}-type`}>
        <SelectInput id={`${id}-type`} value={draft.type} onChange={(event) => onChange({ ...draft, type: event.target.value as ProxyDraft["type"] })}>
          <option value="http">HTTP</option>
          <option value="https">HTTPS</option>
          {isSocks5Enabled || draft.type === "socks5" ? <option value="socks5">SOCKS5</option> : null}
        </SelectInput>
      </FormField>
      <FormField label="Host" id={`${id}-host`}>
        <TextInput id={`${id}-host`} value={draft.host} placeholder="proxy.example.com" onChange={(event) => onChange({ ...draft, host: event.target.value })} className="font-mono" />
      </FormField>
      <FormField label="Port" id={`${id}-port`}>
        <TextInput id={`${id}-port`} inputMode="numeric" value={draft.port} placeholder="3128" onChange={(event) => onChange({ ...draft, port: event.target.value })} />
      </FormField>
      <FormField label="User (optional)" id={`${id}-username`}>
        <TextInput id={`${id}-username`} autoComplete="off" value={draft.username} onChange={(event) => onChange({ ...draft, username: event.target.value })} />
      </FormField>
      <FormField label="Password (optional)" id={`${id}-password`} hint={hasSavedPassword ? "A password is saved; leave empty to keep it." : undefined} className="lg:col-span-2">
        <TextInput id={`${id}-password`} type="password" autoComplete="new-password" value={draft.password} onChange={(event) => onChange({ ...draft, password: event.target.value })} />
      </FormField>
    </div>
  );
}
