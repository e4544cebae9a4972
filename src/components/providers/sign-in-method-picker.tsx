"use client";

import { useState, type FormEvent } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { Button } from "../ui/button";
import { DeviceLabelField } from "./oauth-device-step";
import { identityProviderName, type ConnectCapabilities } from "./oauth-connect-types";

/** The device option as a flow's users know it (Kiro's device login is AWS Builder ID). */
const DEVICE_METHOD_BY_FLOW: Record<string, { title: string; description: string }> = {
  "kiro-builder-id": {
    title: "AWS Builder ID",
    description: "A code you approve on AWS's sign-in page with your Builder ID. The dashboard notices on its own when you are done.",
  },
};

export type SignInMethod = { kind: "device"; label: string } | { kind: "browser"; identityProvider: string };

/**
 * For a login that offers a choice of identity provider (Kiro: its own Google or GitHub login beside the AWS
 * Builder ID device login): one choice per method the server implements (`capabilities.deviceCode`,
 * `capabilities.identityProviders`), then one button. The browser methods send `authorize {identityProvider}`.
 */
export function SignInMethodPicker({
  provider,
  capabilities,
  isPending,
  onStart,
}: {
  provider: ProviderView;
  capabilities: ConnectCapabilities;
  isPending: boolean;
  onStart: (method: SignInMethod) => void;
}) {
  const deviceMethod = DEVICE_METHOD_BY_FLOW[provider.oauthFlow ?? ""] ?? {
    title: "Device code",
    description: "A code you enter on the provider's page. The dashboard notices on its own when you are done.",
  };
  const options = [
    ...(capabilities.deviceCode ? [{ id: "device", title: deviceMethod.title, description: deviceMethod.description }] : []),
    ...capabilities.identityProviders.map((identityProvider) => ({
      id: `browser:${identityProvider}`,
      title: identityProviderName(identityProvider),
      description: `${provider.displayName}'s own sign-in with your ${identityProviderName(identityProvider)} account, in a new tab. You paste back the address it ends on.`,
    })),
  ];
  const [selected, setSelected] = useState(options[0]?.id ?? "");
  const [label, setLabel] = useState("");
  const chosen = options.find((option) => option.id === selected);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosen === undefined) return;
    onStart(chosen.id === "device" ? { kind: "device", label } : { kind: "browser", identityProvider: chosen.id.slice("browser:".length) });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">How do you sign in to {provider.displayName}?</legend>
        {options.map((option) => (
          <label key={option.id} className={`flex cursor-pointer gap-2.5 rounded-lg border p-3 text-sm ${selected === option.id ? "border-accent bg-accent-soft/40" : "border-border"}`}>
            <input
              type="radio"
              name="oauth-sign-in-method"
              value={option.id}
              checked={selected === option.id}
              onChange={() => setSelected(option.id)}
              className="mt-0.5 accent-[var(--accent)]"
            />
            <span className="grid gap-0.5">
              <span className="font-medium">{option.title}</span>
              <span className="text-xs text-muted">{option.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {chosen?.id === "device" ? <DeviceLabelField value={label} onChange={setLabel} /> : null}
      <div>
        <Button type="submit" variant="primary" isPending={isPending} disabled={chosen === undefined}>
          {chosen === undefined ? "Continue" : `Continue with ${chosen.title}`}
        </Button>
      </div>
    </form>
  );
}
