"use client";

import { useEffect, useRef, useState } from "react";
import type { OAuthCapabilities } from "@/app/dashboard/providers/providers-view";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { Notice } from "../ui/notice";
import { CredentialsFileImport } from "./credentials-file-import";
import { CursorTokenImport } from "./cursor-token-import";
import { BrowserLoginStep } from "./oauth-browser-step";
import { connectCapabilitiesOf, oauthBase, type AuthorizeResult, type ConnectCapabilities, type DeviceFlowStart } from "./oauth-connect-types";
import { DeviceCodeStep, DeviceLabelField, startDeviceFlow } from "./oauth-device-step";
import { SignInMethodPicker, type SignInMethod } from "./sign-in-method-picker";
import { useOAuthStatus } from "./use-oauth-status";

type Step =
  | { kind: "choose" }
  | { kind: "browser"; authorize: AuthorizeResult }
  | { kind: "device"; flow: DeviceFlowStart; label: string }
  | { kind: "import" }
  | { kind: "connected"; name: string };

/** Logins that are a token import from the provider's desktop app (flows/cursor-flow.ts), not a CLI file. */
const TOKEN_IMPORT_FLOWS = new Set(["cursor-import"]);

/**
 * Connects a subscription through its OAuth login, offering exactly what the server's flow implements
 * (`GET status` capabilities): the browser flow (automatic when the redirect comes back to us, else paste the final
 * address), a choice of identity provider (Kiro: AWS Builder ID or its Google/GitHub login), the device code with an
 * optional account name (shown with copy buttons, a countdown and a live status while it polls), importing the CLI's
 * credentials file, or Cursor's token from the local install or pasted. The provider's notice (a service shut
 * down upstream) comes first. `onConnected` refreshes the page.
 */
export function OAuthConnectPanel({ provider, capabilities: pageCapabilities, onConnected }: { provider: ProviderView; capabilities: OAuthCapabilities; onConnected: () => void }) {
  const status = useOAuthStatus(provider);
  const capabilities = status.capabilities ?? connectCapabilitiesOf(pageCapabilities);
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const [deviceLabel, setDeviceLabel] = useState("");
  const connectionCount = useRef(provider.connections.length);
  const isTokenImport = TOKEN_IMPORT_FLOWS.has(provider.oauthFlow ?? "") || capabilities.localImport;

  async function startBrowser(mode: "auto" | "manual", identityProvider?: string) {
    setError(null);
    setIsPending(true);
    const body = identityProvider === undefined ? { mode } : { mode, identityProvider };
    const result = await apiRequest<AuthorizeResult>("POST", `${oauthBase(provider)}/authorize`, body);
    setIsPending(false);
    if (!result.ok) return setError(result.message);
    window.open(result.data.authorizeUrl, "_blank", "noopener,noreferrer");
    setStep({ kind: "browser", authorize: result.data });
  }

  async function startDevice(label: string) {
    setError(null);
    setIsPending(true);
    const result = await startDeviceFlow(provider, label);
    setIsPending(false);
    if (!result.ok) return setError(result.message);
    setStep({ kind: "device", flow: result.data, label });
  }

  function startMethod(method: SignInMethod) {
    if (method.kind === "device") void startDevice(method.label);
    else void startBrowser("auto", method.identityProvider);
  }

  function connected(name: string) {
    setStep({ kind: "connected", name });
    onConnected();
  }

  // A browser flow that completes on its own (our callback or the loopback listener): watch for a new connection.
  const isWatchingStatus = step.kind === "browser" && step.authorize.completion !== "paste";
  const statusUrl = `${oauthBase(provider)}/status`;
  const connectedRef = useRef(connected);
  connectedRef.current = connected;
  const fallbackName = provider.displayName;
  useEffect(() => {
    if (!isWatchingStatus) return;
    const timer = setInterval(async () => {
      const answer = await apiRequest<{ connections: { name: string }[] }>("GET", statusUrl);
      if (answer.ok && answer.data.connections.length > connectionCount.current) connectedRef.current(answer.data.connections.at(-1)?.name ?? fallbackName);
    }, 2000);
    return () => clearInterval(timer);
  }, [isWatchingStatus, statusUrl, fallbackName]);

  const notice = status.notice ? (
    <Notice tone="warn" title="Before you connect">
      <span data-testid="oauth-provider-notice">{status.notice}</span>
    </Notice>
  ) : null;

  if (step.kind === "connected") {
    return (
      <Notice tone="ok" title={`${provider.displayName} is connected`}>
        Account “{step.name}” was added. It is used from the next request.
      </Notice>
    );
  }

  return (
    <div className="grid gap-4">
      {notice}
      {step.kind === "choose" ? (
        isTokenImport ? (
          <CursorTokenImport provider={provider} isLocalInstallFound={capabilities.localImport} onConnected={connected} />
        ) : capabilities.identityProviders.length > 0 ? (
          <SignInMethodPicker provider={provider} capabilities={capabilities} isPending={isPending} onStart={startMethod} />
        ) : (
          <ChooseLogin
            provider={provider}
            capabilities={capabilities}
            isPending={isPending}
            deviceLabel={deviceLabel}
            onDeviceLabelChange={setDeviceLabel}
            onBrowser={(mode) => void startBrowser(mode)}
            onDevice={() => void startDevice(deviceLabel)}
            onImport={() => setStep({ kind: "import" })}
          />
        )
      ) : null}

      {step.kind === "browser" ? <BrowserLoginStep provider={provider} authorize={step.authorize} onConnected={connected} onError={setError} /> : null}
      {step.kind === "device" ? (
        <DeviceCodeStep key={step.flow.flowId} provider={provider} flow={step.flow} onConnected={connected} onRestart={() => void startDevice(step.label)} isRestarting={isPending} />
      ) : null}
      {step.kind === "import" ? <CredentialsFileImport provider={provider} onConnected={connected} onError={setError} /> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      {step.kind !== "choose" ? (
        <div>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setStep({ kind: "choose" });
              setError(null);
            }}
          >
            Start over
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The plain list of logins: browser, paste-the-code, credentials file, and the device code with its name field. */
function ChooseLogin({
  provider,
  capabilities,
  isPending,
  deviceLabel,
  onDeviceLabelChange,
  onBrowser,
  onDevice,
  onImport,
}: {
  provider: ProviderView;
  capabilities: ConnectCapabilities;
  isPending: boolean;
  deviceLabel: string;
  onDeviceLabelChange: (value: string) => void;
  onBrowser: (mode: "auto" | "manual") => void;
  onDevice: () => void;
  onImport: () => void;
}) {
  const hasOtherLogins = capabilities.authorize || capabilities.import;
  return (
    <div className="grid gap-3">
      {capabilities.authorize ? (
        <Button variant="primary" onClick={() => onBrowser("auto")} isPending={isPending}>
          Sign in with {provider.displayName} in the browser
        </Button>
      ) : null}
      {capabilities.manual ? (
        <Button onClick={() => onBrowser("manual")} isPending={isPending}>
          Sign in and paste the code (this server is remote)
        </Button>
      ) : null}
      {capabilities.import ? <Button onClick={onImport}>Import the CLI&apos;s credentials file</Button> : null}
      {capabilities.deviceCode ? (
        <div className={hasOtherLogins ? "grid gap-3 rounded-lg border border-border p-3" : "grid gap-3"}>
          {hasOtherLogins ? <p className="text-sm text-muted">Or with a code you enter on {provider.displayName}&apos;s page (works from any device):</p> : null}
          <DeviceLabelField value={deviceLabel} onChange={onDeviceLabelChange} />
          <Button variant={capabilities.authorize ? "secondary" : "primary"} onClick={onDevice} isPending={isPending}>
            Sign in with a device code
          </Button>
        </div>
      ) : null}
      {!capabilities.authorize && !capabilities.deviceCode && !capabilities.import ? <p className="text-sm text-muted">This server offers no login for {provider.displayName}.</p> : null}
    </div>
  );
}
