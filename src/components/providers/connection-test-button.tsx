"use client";

import { useState } from "react";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { StatusBadge, type StatusTone } from "../ui/status-badge";

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  verdict: "ok" | "auth-failed" | "unreachable" | "rate-limited" | "error";
  status?: number;
  message: string;
}

const verdictTone: Record<ProbeResult["verdict"], StatusTone> = { ok: "ok", "auth-failed": "danger", unreachable: "danger", "rate-limited": "warn", error: "danger" };
const verdictLabel: Record<ProbeResult["verdict"], string> = { ok: "Works", "auth-failed": "Key refused", unreachable: "Unreachable", "rate-limited": "Rate limited", error: "Error" };

/** The verdict of a probe as a badge with latency; the message as a tooltip and for screen readers. */
export function ProbeVerdict({ result }: { result: ProbeResult }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" title={result.message}>
      <StatusBadge tone={verdictTone[result.verdict]}>
        {verdictLabel[result.verdict]}
        {result.status ? ` (${result.status})` : ""} · {result.latencyMs} ms
      </StatusBadge>
      <span className="sr-only">{result.message}</span>
    </span>
  );
}

/** "Test": one minimal real call with the stored key (POST /api/providers/{id}/test), verdict shown inline. */
export function ConnectionTestButton({ connectionId, name }: { connectionId: string; name: string }) {
  const [isPending, setIsPending] = useState(false);
  const [result, setResult] = useState<ProbeResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setIsPending(true);
    setError(null);
    const response = await apiRequest<ProbeResult>("POST", `/api/providers/${encodeURIComponent(connectionId)}/test`);
    setIsPending(false);
    if (response.ok) setResult(response.data);
    else setError(response.message);
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2" aria-live="polite">
      <Button size="sm" onClick={run} isPending={isPending} aria-label={`Test ${name}`}>
        Test
      </Button>
      {result ? <ProbeVerdict result={result} /> : null}
      {error ? <span className="text-xs text-danger">{error}</span> : null}
    </span>
  );
}
