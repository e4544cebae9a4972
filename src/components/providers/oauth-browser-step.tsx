"use client";

import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button, Spinner } from "../ui/button";
import { Countdown } from "../ui/countdown";
import { FormField, TextInput } from "../ui/form-field";
import { oauthBase, type AuthorizeResult, type ConnectAnswer } from "./oauth-connect-types";

/** Any `scheme://…` address: an http(s) callback, or an app link such as Kiro's `kiro://…?code&state`. */
const ADDRESS = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A browser login under way: the sign-in page opened in a new tab; it comes back on its own (our callback or the
 * loopback listener, the panel watches `status`) or the user pastes the address the browser ended on, or the code
 * the provider's page showed, into `exchange`.
 */
export function BrowserLoginStep({
  provider,
  authorize,
  onConnected,
  onError,
}: {
  provider: ProviderView;
  authorize: AuthorizeResult;
  onConnected: (name: string) => void;
  onError: (message: string | null) => void;
}) {
  const [pasted, setPasted] = useState("");
  const [isPending, setIsPending] = useState(false);
  const isAppLink = !/^https?:\/\//i.test(authorize.redirectUri);

  async function exchange(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = pasted.trim();
    if (value === "") return onError("Paste the address the browser ended on, or the code the page showed.");
    onError(null);
    setIsPending(true);
    const body = ADDRESS.test(value) ? { redirectUrl: value } : { code: value, state: authorize.state };
    const result = await apiRequest<ConnectAnswer>("POST", `${oauthBase(provider)}/exchange`, body);
    setIsPending(false);
    if (!result.ok) return onError(result.message);
    onConnected(result.data.connection.name);
  }

  return (
    <div className="grid gap-3 text-sm">
      <p>
        A {provider.displayName} sign-in page opened in a new tab.{" "}
        <a href={authorize.authorizeUrl} target="_blank" rel="noopener noreferrer" className="text-accent underline underline-offset-2">
          Open it again
        </a>{" "}
        if it did not. This link expires in <Countdown until={authorize.expiresAt} doneLabel="— expired, start over" />.
      </p>
      {isAppLink ? (
        <p className="text-muted">
          After you sign in, the page hands the login to an app link (<code className="font-mono text-xs">{authorize.redirectUri}?code=…</code>). Copy that
          address — from the address bar, or from the browser&apos;s “Open the app?” prompt, which you can cancel — and paste it below.
        </p>
      ) : null}
      {authorize.completion !== "paste" ? (
        <p role="status" className="flex items-center gap-2 text-muted">
          <Spinner /> Waiting for the sign-in to finish…
        </p>
      ) : null}
      <form onSubmit={exchange} className="grid gap-2" noValidate>
        <FormField
          label={authorize.completion === "paste" ? "Paste the address the browser ended on (or the code shown)" : "Did it not come back? Paste the address the browser ended on"}
          id="oauth-redirect"
        >
          <TextInput
            id="oauth-redirect"
            value={pasted}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setPasted(event.target.value)}
            placeholder={isAppLink ? `${authorize.redirectUri}?code=…` : "http://localhost:…/callback?code=…"}
            className="font-mono"
          />
        </FormField>
        <div>
          <Button type="submit" isPending={isPending}>
            Finish sign-in
          </Button>
        </div>
      </form>
    </div>
  );
}
