"use client";

import { useCallback, useEffect, useState } from "react";
import { apiRequest } from "@/components/ui/api-request";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Notice } from "@/components/ui/notice";
import type { CooldownEntry } from "../../../open-sse/src/routing/cooldown-book";
import { BreakersTable } from "./breakers-table";
import { CooldownsTable, cooldownKey } from "./cooldowns-table";
import { RateLimitsTable } from "./rate-limits-table";
import { resetResilience, type ResetTarget } from "./reset-action";
import { resilienceStateOf, type ProviderNames, type ResilienceState } from "./resilience-data";
import { useVisibleInterval } from "./use-visible-interval";

/** Two in-memory reads per poll: nothing touches the disk or the upstreams. */
const POLL_MS = 5_000;

/**
 * The live part of the Resilience page: polls `/api/resilience` and `/api/rate-limits` every few seconds while
 * the tab is visible (and at once when a countdown ends), and sends the reset buttons' POSTs.
 */
export function ResilienceLive({ initial, names, providerIds }: { initial: ResilienceState; names: ProviderNames; providerIds: string[] }) {
  const [state, setState] = useState(initial);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [isStale, setIsStale] = useState(false);

  // Countdowns run on the browser's clock against the server's timestamps: correct for the difference once.
  useEffect(() => {
    setClockOffsetMs(initial.readAt - Date.now());
  }, [initial.readAt]);

  const load = useCallback(async () => {
    const [resilience, rateLimits] = await Promise.all([apiRequest<unknown>("GET", "/api/resilience"), apiRequest<unknown>("GET", "/api/rate-limits")]);
    const next = resilience.ok && rateLimits.ok ? resilienceStateOf(resilience.data, rateLimits.data, Date.now()) : undefined;
    if (next === undefined) {
      setIsStale(true);
      return;
    }
    setIsStale(false);
    setState(next);
  }, []);
  useVisibleInterval(load, POLL_MS);

  const reset = useCallback(
    async (target: ResetTarget, key: string): Promise<string | undefined> => {
      setPendingKey(key);
      try {
        setMessage({ tone: "ok", text: await resetResilience(target) });
        await load();
        return undefined;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        setMessage({ tone: "danger", text });
        return text;
      } finally {
        setPendingKey(null);
      }
    },
    [load],
  );
  const expire = useCallback(() => void load(), [load]);
  const openCount = state.breakers.filter((breaker) => breaker.state !== "closed").length;

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted" aria-live="polite">
          {openCount === 0 && state.cooldowns.length === 0 ? "Every provider is passing traffic." : `${openCount} breaker${openCount === 1 ? "" : "s"} not closed · ${state.cooldowns.length} cooldown${state.cooldowns.length === 1 ? "" : "s"}`}
          {" · "}retries in use {state.retryBudget.retriesInUse} of {state.retryBudget.limit} ({state.retryBudget.activeRequests} requests active)
          {isStale ? " · could not refresh, showing the last known state" : ""}
        </p>
        <ConfirmButton
          label="Reset everything"
          title="Reset all breakers and cooldowns?"
          description="Every provider is tried again at once and 429 auto-tuning is forgotten. Do this when you know the upstreams are fine again."
          confirmLabel="Reset everything"
          onConfirm={() => reset({}, "all")}
        />
      </div>
      {message ? <Notice tone={message.tone === "ok" ? "ok" : "danger"}>{message.text}</Notice> : null}
      <Card id="breakers" title="Circuit breakers" description="Per provider. Open: the provider is skipped until the wait ends, then one probe request decides.">
        <BreakersTable
          breakers={state.breakers}
          providerIds={providerIds}
          names={names}
          clockOffsetMs={clockOffsetMs}
          pendingKey={pendingKey}
          onReset={(providerId) => void reset({ providerId }, `provider:${providerId}`)}
          onExpire={expire}
        />
      </Card>
      <Card id="cooldowns" title="Cooldowns" description="Accounts and models resting after a failure, with why and for how long.">
        <CooldownsTable
          cooldowns={state.cooldowns}
          names={names}
          clockOffsetMs={clockOffsetMs}
          pendingKey={pendingKey}
          onClear={(entry: CooldownEntry) => void reset({ providerId: entry.providerId, accountId: entry.accountId, ...(entry.model ? { model: entry.model } : {}) }, cooldownKey(entry))}
          onExpire={expire}
        />
      </Card>
      <Card id="rate-limits" title="Rate limits" description="Requests per minute: started in the last minute / allowed now. 429s tune the allowance down; it recovers on its own.">
        <RateLimitsTable accounts={state.accounts} names={names} />
      </Card>
    </>
  );
}
