"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { CopyButton } from "../copy-button";
import { apiRequest } from "../ui/api-request";
import { Button, Spinner } from "../ui/button";
import { Countdown } from "../ui/countdown";
import { FormField, TextInput } from "../ui/form-field";
import { Notice } from "../ui/notice";
import { oauthBase, type DeviceFlowStart, type DevicePollAnswer } from "./oauth-connect-types";

type DeviceStatus = DevicePollAnswer["status"];

/**
 * The optional name of a device login. Qwen's login (and Kiro's, when AWS does not say who signed in) names no
 * account: the label is what tells a reconnect of the same account from a new one (`device-code {label}`).
 */
export function DeviceLabelField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <FormField
      label="Account name (optional)"
      id="oauth-device-label"
      hint="Names this account when the provider does not say who signed in; the same name later updates this account instead of adding one. An email address is kept as the account's email."
    >
      <TextInput
        id="oauth-device-label"
        value={value}
        maxLength={120}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        placeholder="e.g. work or me@example.com"
        aria-describedby="oauth-device-label-hint"
      />
    </FormField>
  );
}

/** `POST device-code`, with the label when one was typed. */
export function startDeviceFlow(provider: ProviderView, label: string) {
  const trimmed = label.trim();
  return apiRequest<DeviceFlowStart>("POST", `${oauthBase(provider)}/device-code`, trimmed === "" ? {} : { label: trimmed });
}

/**
 * A running device login: where to go, the code to enter (each with a copy button), the time left, and a live
 * status while it polls at the interval the provider asked for (slow_down lengthens it). Ends connected, or
 * expired / refused / failed with a way to get a new code.
 */
export function DeviceCodeStep({
  provider,
  flow,
  onConnected,
  onRestart,
  isRestarting,
}: {
  provider: ProviderView;
  flow: DeviceFlowStart;
  onConnected: (name: string) => void;
  onRestart: () => void;
  isRestarting: boolean;
}) {
  const [status, setStatus] = useState<DeviceStatus>("pending");
  const [message, setMessage] = useState<string | null>(null);
  const isWaiting = status === "pending" || status === "slow_down";
  const onConnectedRef = useRef(onConnected);
  onConnectedRef.current = onConnected;

  const pollUrl = `${oauthBase(provider)}/poll`;
  const fallbackName = provider.displayName;
  useEffect(() => {
    let interval = Math.max(1, flow.interval);
    let isCancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const result = await apiRequest<DevicePollAnswer>("POST", pollUrl, { flowId: flow.flowId });
      if (isCancelled) return;
      if (!result.ok) {
        setStatus("error");
        setMessage(result.message);
        return;
      }
      const answer = result.data;
      if (answer.status === "connected") return onConnectedRef.current(answer.connection?.name ?? fallbackName);
      if (answer.status !== "pending" && answer.status !== "slow_down") {
        setStatus(answer.status);
        setMessage(answer.message ?? null);
        return;
      }
      setStatus(answer.status);
      if (answer.interval !== undefined) interval = Math.max(1, answer.interval);
      else if (answer.status === "slow_down") interval += 5;
      timer = setTimeout(poll, interval * 1000);
    };
    timer = setTimeout(poll, interval * 1000);
    return () => {
      isCancelled = true;
      clearTimeout(timer);
    };
    // Only a new flow id is a new login: the parent's callbacks change on every render and are read through a ref.
  }, [flow.flowId, flow.interval, pollUrl, fallbackName]);

  // The code's own lifetime: once it has passed, stop asking (the server would only answer `expired`).
  const markExpired = useCallback(() => setStatus((current) => (current === "pending" || current === "slow_down" ? "expired" : current)), []);
  const pageUrl = flow.verificationUriComplete ?? flow.verificationUri;

  return (
    <div className="grid gap-4 text-sm">
      <ol className="grid list-decimal gap-4 pl-5">
        <li className="grid gap-2">
          <span>
            Open the sign-in page{flow.verificationUriComplete ? " (the code is filled in for you there)" : ""}:
          </span>
          <span className="flex flex-wrap items-center gap-2">
            <a
              href={pageUrl}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="device-verification-uri"
              className="break-all font-mono text-accent underline underline-offset-2"
            >
              {flow.verificationUri}
            </a>
            <CopyButton text={pageUrl} label="Copy link" />
          </span>
        </li>
        <li className="grid gap-2">
          <span>Enter this code and approve the sign-in:</span>
          <span className="flex flex-wrap items-center gap-3">
            <code data-testid="device-user-code" className="rounded-lg border border-border bg-code px-4 py-2 font-mono text-2xl tracking-widest">
              {flow.userCode}
            </code>
            <CopyButton text={flow.userCode} label="Copy code" />
          </span>
        </li>
      </ol>

      {isWaiting ? (
        <>
          <p className="text-muted">
            The code expires in <Countdown until={flow.expiresAt} doneLabel="— expired" onDone={markExpired} />.
          </p>
          <p role="status" className="flex items-center gap-2 text-muted">
            <Spinner /> Waiting for you to approve the sign-in…
            {status === "slow_down" ? " (the provider asked us to check less often)" : ""}
          </p>
        </>
      ) : (
        <div className="grid gap-2">
          <Notice tone="danger" title={failureTitle(status)}>
            {message ?? failureHint(status)}
          </Notice>
          <div>
            <Button variant="primary" onClick={onRestart} isPending={isRestarting}>
              Get a new code
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

function failureTitle(status: DeviceStatus): string {
  if (status === "expired") return "The code expired before the sign-in was approved.";
  if (status === "denied") return "The sign-in was refused.";
  return "The sign-in failed.";
}

function failureHint(status: DeviceStatus): string {
  if (status === "expired") return "Get a new code and enter it before the countdown ends.";
  if (status === "denied") return "The provider's page said no (or you cancelled). Get a new code to try again.";
  return "Get a new code to try again.";
}
