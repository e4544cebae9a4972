"use client";

import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { FormField, TextArea } from "../ui/form-field";
import { oauthBase, type ConnectAnswer } from "./oauth-connect-types";

/** Imports the provider CLI's own credentials file, pasted (`import {content}`): the server never reads a path. */
export function CredentialsFileImport({ provider, onConnected, onError }: { provider: ProviderView; onConnected: (name: string) => void; onError: (message: string | null) => void }) {
  const [content, setContent] = useState("");
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (content.trim() === "") return onError("Paste the file's content.");
    onError(null);
    setIsPending(true);
    const result = await apiRequest<ConnectAnswer>("POST", `${oauthBase(provider)}/import`, { content });
    setIsPending(false);
    if (!result.ok) return onError(result.message);
    onConnected(result.data.connection.name);
  }

  return (
    <form onSubmit={submit} className="grid gap-2" noValidate>
      <FormField label={`Content of the ${provider.displayName} CLI's credentials file`} id="oauth-import" hint="It stays on this server, encrypted; it is never shown again.">
        <TextArea id="oauth-import" rows={6} value={content} spellCheck={false} onChange={(event) => setContent(event.target.value)} aria-describedby="oauth-import-hint" />
      </FormField>
      <div>
        <Button type="submit" variant="primary" isPending={isPending}>
          Import
        </Button>
      </div>
    </form>
  );
}
