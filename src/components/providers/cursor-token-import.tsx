"use client";

import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { FormField, TextArea, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { oauthBase, type ConnectAnswer } from "./oauth-connect-types";

/**
 * Cursor has no login a third party can drive: the connection is the IDE's own token (flows/cursor-flow.ts), read
 * by the server from the Cursor install on its own machine (`import {source: "local"}`, its fixed per-OS path), or
 * pasted (`import {content}`: the token or cookie alone, or `{accessToken, machineId?, email?}`).
 */
export function CursorTokenImport({
  provider,
  isLocalInstallFound,
  onConnected,
}: {
  provider: ProviderView;
  /** The server found the install when the page loaded (`capabilities.localImport`); it looks again on import. */
  isLocalInstallFound: boolean;
  onConnected: (name: string) => void;
}) {
  const [localError, setLocalError] = useState<string | null>(null);
  const [isImportingLocal, setIsImportingLocal] = useState(false);
  const [token, setToken] = useState("");
  const [machineId, setMachineId] = useState("");
  const [email, setEmail] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  const [isImportingToken, setIsImportingToken] = useState(false);

  async function importLocal() {
    setLocalError(null);
    setIsImportingLocal(true);
    const result = await apiRequest<ConnectAnswer>("POST", `${oauthBase(provider)}/import`, { source: "local" });
    setIsImportingLocal(false);
    if (!result.ok) return setLocalError(result.status === 404 && result.code === "not_found" ? `${result.message} Paste the token below instead.` : result.message);
    onConnected(result.data.connection.name);
  }

  async function importToken(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const accessToken = token.trim();
    if (accessToken === "") return setPasteError("Paste Cursor's access token (or the session cookie).");
    setPasteError(null);
    setIsImportingToken(true);
    const result = await apiRequest<ConnectAnswer>("POST", `${oauthBase(provider)}/import`, { content: pastedContent(accessToken, machineId, email) });
    setIsImportingToken(false);
    if (!result.ok) return setPasteError(result.message);
    onConnected(result.data.connection.name);
  }

  return (
    <div className="grid gap-5 text-sm">
      <section aria-labelledby="cursor-local-heading" className="grid gap-2">
        <h3 id="cursor-local-heading" className="font-semibold">
          Import from this machine
        </h3>
        <p className="text-muted">
          Reads the login of the {provider.displayName} app installed on the machine omniroute runs on (its state database, opened read-only). Use it when
          omniroute and {provider.displayName} run on the same computer.
        </p>
        {isLocalInstallFound ? null : (
          <p className="text-muted" data-testid="cursor-local-missing">
            No {provider.displayName} install was found on that machine when this page loaded. Install {provider.displayName} there and sign in, then try
            again — or paste the token below.
          </p>
        )}
        <div>
          <Button variant={isLocalInstallFound ? "primary" : "secondary"} onClick={importLocal} isPending={isImportingLocal}>
            Import from this machine
          </Button>
        </div>
        {localError ? <Notice tone="danger">{localError}</Notice> : null}
      </section>

      <section aria-labelledby="cursor-paste-heading" className="grid gap-3 border-t border-border pt-4">
        <h3 id="cursor-paste-heading" className="font-semibold">
          Paste a token
        </h3>
        <form onSubmit={importToken} className="grid gap-3" noValidate>
          <FormField
            label="Access token"
            id="cursor-token"
            hint="Cursor's access token (a JWT), or the WorkosCursorSessionToken cookie from cursor.com (user_…::…). It stays on this server, encrypted; it is never shown again."
          >
            <TextArea
              id="cursor-token"
              rows={4}
              value={token}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setToken(event.target.value)}
              aria-describedby="cursor-token-hint"
              aria-invalid={pasteError !== null && token.trim() === "" ? true : undefined}
            />
          </FormField>
          <div className="grid items-start gap-3 sm:grid-cols-2">
            <FormField label="Machine id (optional)" id="cursor-machine-id" hint="Cursor's storage.serviceMachineId, used in its request checksum. Empty: one is derived from the token.">
              <TextInput
                id="cursor-machine-id"
                value={machineId}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setMachineId(event.target.value)}
                aria-describedby="cursor-machine-id-hint"
              />
            </FormField>
            <FormField label="Email (optional)" id="cursor-email" hint="Names the account; the token itself only carries an id.">
              <TextInput id="cursor-email" type="email" value={email} autoComplete="off" onChange={(event) => setEmail(event.target.value)} aria-describedby="cursor-email-hint" />
            </FormField>
          </div>
          {pasteError ? <Notice tone="danger">{pasteError}</Notice> : null}
          <div>
            <Button type="submit" variant={isLocalInstallFound ? "secondary" : "primary"} isPending={isImportingToken}>
              Import token
            </Button>
          </div>
        </form>
      </section>
    </div>
  );
}

/**
 * What `import {content}` takes: the token alone, or the JSON form when a machine id or email goes with it. A
 * pasted JSON object (`{accessToken, …}`) is passed on, with the fields typed here laid over it.
 */
export function pastedContent(token: string, machineId: string, email: string): string | Record<string, unknown> {
  const extras = { ...(machineId.trim() === "" ? {} : { machineId: machineId.trim() }), ...(email.trim() === "" ? {} : { email: email.trim() }) };
  if (token.startsWith("{")) {
    if (Object.keys(extras).length === 0) return token;
    try {
      const parsed: unknown = JSON.parse(token);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return { ...(parsed as Record<string, unknown>), ...extras };
    } catch {
      // Not JSON after all: the server says what is wrong with it.
    }
    return token;
  }
  return Object.keys(extras).length === 0 ? token : { accessToken: token, ...extras };
}
