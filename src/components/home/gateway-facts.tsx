import type { DashboardView } from "@/app/dashboard/dashboard-view";

/** Version, data directory, uptime: a footer line for trust and support questions. */
export function GatewayFacts({ view }: { view: DashboardView }) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted">
      <Fact label="Version" value={view.version} />
      <Fact label="Data directory" value={view.dataDir ?? "not attached"} />
      <Fact label="Uptime" value={view.uptimeSeconds === null ? "not attached" : formatUptime(view.uptimeSeconds)} />
      <Fact label="Providers" value={String(view.providers.length)} />
      <Fact label="Combos" value={String(view.comboCount)} />
    </dl>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex min-w-0 gap-1.5">
      <dt>{label}:</dt>
      <dd className="break-all font-mono text-foreground">{value}</dd>
    </div>
  );
}

function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
