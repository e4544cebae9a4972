import { Card } from "@/components/ui/card";
import { seriesColor } from "@/components/charts/chart-theme";
import { formatLatency } from "@/components/usage/format-usage";
import type { PhaseDurationsView } from "@/lib/server/telemetry/phases-of-row";

const PHASES: { key: keyof PhaseDurationsView; label: string; hint: string }[] = [
  { key: "receive", label: "Receive", hint: "reading and parsing the body" },
  { key: "auth", label: "Auth", hint: "client key check" },
  { key: "route", label: "Route", hint: "model, budget, session, account" },
  { key: "translate", label: "Translate", hint: "building the upstream request" },
  { key: "upstream", label: "Upstream", hint: "connect until first byte, every attempt" },
  { key: "stream", label: "Stream", hint: "relaying the answer" },
  { key: "record", label: "Record", hint: "usage and log bookkeeping" },
];

/** Where the request's time went, phase by phase (they add up to the whole). */
export function PhaseTimingsCard({ phases, latencyMs }: { phases: PhaseDurationsView | null; latencyMs: number }) {
  if (phases === null) return null;
  const reached = PHASES.filter((phase) => phases[phase.key] !== null);
  const total = reached.reduce((sum, phase) => sum + (phases[phase.key] ?? 0), 0) || latencyMs || 1;
  return (
    <Card title="Timing by phase" description={`${formatLatency(latencyMs)} in all.`}>
      <div className="flex h-3 overflow-hidden rounded-full bg-code" aria-hidden>
        {reached.map((phase) => (
          <div key={phase.key} style={{ width: `${((phases[phase.key] ?? 0) / total) * 100}%`, background: seriesColor(PHASES.indexOf(phase)) }} />
        ))}
      </div>
      <table className="mt-3 w-full text-sm">
        <caption className="sr-only">Milliseconds per phase</caption>
        <tbody>
          {PHASES.map((phase, index) => (
            <tr key={phase.key} className="border-b border-border last:border-0">
              <th scope="row" className="py-1.5 text-left font-normal">
                <span aria-hidden className="mr-2 inline-block size-2 rounded-full" style={{ background: seriesColor(index) }} />
                {phase.label} <span className="text-xs text-muted">· {phase.hint}</span>
              </th>
              <td className="py-1.5 text-right tabular-nums">{phases[phase.key] === null ? <span className="text-muted">not reached</span> : formatLatency(phases[phase.key] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
