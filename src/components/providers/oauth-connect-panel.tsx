"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import type { OAuthCapabilities } from "@/app/dashboard/providers/providers-view";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { CopyButton } from "../copy-button";
import { apiRequest } from "../ui/api-request";
import { Button, Spinner } from "../ui/button";
import { Countdown } from "../ui/countdown";
import { FormField, TextArea, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";

interface DeviceFlow {
  flowId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: string;
  interval: number;
}

interface AuthorizeResult {
  authorizeUrl: string;
  state: string;
  expiresAt: string;
  completion: "callback" | "loopback" | "paste";
}

type Step =
  | { kind: "choose" }
  | { kind: "browser"; authorize: AuthorizeResult }
  | { kind: "device"; flow: DeviceFlow; status: string }
  | { kind: "import" }
  | { kind: "connected"; name: string };

const base = (provider: ProviderView) => `/api/oauth/${encodeURIComponent(provider.id)}`;

/**
 * Connects a subscription through its OAuth login: the browser flow (automatic when the redirect comes back to us,
 * else paste the final URL), the device code (shown with copy and a countdown while we poll), or importing the
 * CLI's own credentials file. `onConnected` refreshes the page.
 */
export function OAuthConnectPanel({ provider, capabilities, onConnected }: { provider: ProviderView; capabilities: OAuthCapabilities; onConnected: () => void }) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const connectionCount = useRef(provider.connections.length);

  async function startBrowser(mode: "auto" | "manual") {
    setError(null);
    setIsPending(true);
    const result = await apiRequest<AuthorizeResult>("POST", `${base(provider)}/authorize`, { mode });
    setIsPending(false);
    if (!result.ok) return setError(result.message);
    window.open(result.data.authorizeUrl, "_blank", "noopener,noreferrer");
    setStep({ kind: "browser", authorize: result.data });
  }

  async function startDevice() {
    setError(null);
    setIsPending(true);
    const result = await apiRequest<DeviceFlow>("POST", `${base(provider)}/device-code`, {});
    setIsPending(false);
    if (!result.ok) return setError(result.message);
    setStep({ kind: "device", flow: result.data, status: "pending" });
  }

  function connected(name: string) {
    setStep({ kind: "connected", name });
    onConnected();
  }

  // Browser flow that completes on its own (our callback or the loopback listener): watch the status for a new connection.
  const isWatchingStatus = step.kind === "browser" && step.authorize.completion !== "paste";
  useEffect(() => {
    if (!isWatchingStatus) return;
    const timer = setInterval(async () => {
      const status = await apiRequest<{ connections: { name: string }[] }>("GET", `${base(provider)}/status`);
      if (status.ok && status.data.connections.length > connectionCount.current) connected(status.data.connections.at(-1)?.name ?? provider.displayName);
    }, 2000);
    return () => clearInterval(timer);
  }, [isWatchingStatus, provider]);

  // Device flow: poll at the interval the provider asked for (slow_down adds to it).
  const flowId = step.kind === "device" ? step.flow.flowId : null;
  const initialInterval = step.kind === "device" ? step.flow.interval : 5;
  useEffect(() => {
    if (flowId === null) return;
    let interval = Math.max(1, initialInterval);
    let isCancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const result = await apiRequest<{ status: string; interval?: number; message?: string; connection?: { name: string } }>("POST", `${base(provider)}/poll`, { flowId });
      if (isCancelled) return;
      if (!result.ok) return setError(result.message);
      const { status } = result.data;
      if (status === "connected") return connected(result.data.connection?.name ?? provider.displayName);
      if (status === "expired" || status === "denied" || status === "error") {
        setError(result.data.message ?? (status === "expired" ? "The code expired before it was entered. Start again." : status === "denied" ? "The login was refused." : "The login failed."));
        setStep((current) => (current.kind === "device" ? { ...current, status } : current));
        return;
      }
      if (result.data.interval !== undefined) interval = result.data.interval;
      else if (status === "slow_down") interval += 5;
      setStep((current) => (current.kind === "device" ? { ...current, status } : current));
      timer = setTimeout(poll, interval * 1000);
    };
    timer = setTimeout(poll, interval * 1000);
    return () => {
      isCancelled = true;
      clearTimeout(timer);
    };
  }, [flowId, initialInterval, provider]);

  if (step.kind === "connected") return <Notice tone="ok" title={`${provider.displayName} is connected`}>Account “{step.name}” was added. It is used from the next request.</Notice>;

  return (
    <div className="grid gap-4">
      {step.kind === "choose" ? (
        <div className="grid gap-2">
          {capabilities.authorize ? (
            <Button variant="primary" onClick={() => startBrowser("auto")} isPending={isPending}>
              Sign in with {provider.displayName} in the browser
            </Button>
          ) : null}
          {capabilities.deviceCode ? (
            <Button variant={capabilities.authorize ? "secondary" : "primary"} onClick={startDevice} isPending={isPending}>
              Sign in with a device code
            </Button>
          ) : null}
          {capabilities.manual ? (
            <Button onClick={() => startBrowser("manual")} isPending={isPending}>
              Sign in and paste the code (this server is remote)
            </Button>
          ) : null}
          {capabilities.import ? <Button onClick={() => setStep({ kind: "import" })}>Import the CLI&apos;s credentials file</Button> : null}
          {!capabilities.authorize && !capabilities.deviceCode && !capabilities.import ? <p className="text-sm text-muted">This server offers no login for {provider.displayName}.</p> : null}
        </div>
      ) : null}

      {step.kind === "browser" ? <BrowserStep provider={provider} authorize={step.authorize} onConnected={connected} onError={setError} /> : null}
      {step.kind === "device" ? <DeviceStep flow={step.flow} status={step.status} /> : null}
      {step.kind === "import" ? <ImportStep provider={provider} onConnected={connected} onError={setError} /> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      {step.kind !== "choose" ? (
        <div>
          <Button size="sm" variant="ghost" onClick={() => { setStep({ kind: "choose" }); setError(null); }}>
            Start over
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function BrowserStep({ provider, authorize, onConnected, onError }: { provider: ProviderView; authorize: AuthorizeResult; onConnected: (name: string) => void; onError: (message: string | null) => void }) {
  const [pasted, setPasted] = useState("");
  const [isPending, setIsPending] = useState(false);

  async function exchange(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = pasted.trim();
    if (value === "") return onError("Paste the address the browser ended on, or the code the page showed.");
    onError(null);
    setIsPending(true);
    const body = /^https?:\/\//.test(value) ? { redirectUrl: value } : { code: value, state: authorize.state };
    const result = await apiRequest<{ connection: { name: string } }>("POST", `${base(provider)}/exchange`, body);
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
          <TextInput id="oauth-redirect" value={pasted} onChange={(event) => setPasted(event.target.value)} placeholder="http://localhost:…/callback?code=…" className="font-mono" />
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

function DeviceStep({ flow, status }: { flow: DeviceFlow; status: string }) {
  return (
    <div className="grid gap-3 text-sm">
      <p>
        Open{" "}
        <a href={flow.verificationUriComplete ?? flow.verificationUri} target="_blank" rel="noopener noreferrer" className="break-all text-accent underline underline-offset-2">
          {flow.verificationUri}
        </a>{" "}
        and enter this code:
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <code data-testid="device-user-code" className="rounded-lg border border-border bg-code px-4 py-2 font-mono text-2xl tracking-widest">
          {flow.userCode}
        </code>
        <CopyButton text={flow.userCode} label="Copy code" />
      </div>
      <p className="text-muted">
        The code expires in <Countdown until={flow.expiresAt} doneLabel="— expired" />.
      </p>
      {status === "pending" || status === "slow_down" ? (
        <p role="status" className="flex items-center gap-2 text-muted">
          <Spinner /> Waiting for you to approve the sign-in…
        </p>
      ) : null}
    </div>
  );
}

function ImportStep({ provider, onConnected, onError }: { provider: ProviderView; onConnected: (name: string) => void; onError: (message: string | null) => void }) {
  const [content, setContent] = useState("");
  const [isPending, setIsPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (content.trim() === "") return onError("Paste the file's content.");
    onError(null);
    setIsPending(true);
    const result = await apiRequest<{ connection: { name: string } }>("POST", `${base(provider)}/import`, { content });
    setIsPending(false);
    if (!result.ok) return onError(result.message);
    onConnected(result.data.connection.name);
  }

  return (
    <form onSubmit={submit} className="grid gap-2" noValidate>
      <FormField label={`Content of the ${provider.displayName} CLI's credentials file`} id="oauth-import" hint="It stays on this server, encrypted; it is never shown again.">
        <TextArea id="oauth-import" rows={6} value={content} onChange={(event) => setContent(event.target.value)} aria-describedby="oauth-import-hint" />
      </FormField>
      <div>
        <Button type="submit" variant="primary" isPending={isPending}>
          Import
        </Button>
      </div>
    </form>
  );
}
