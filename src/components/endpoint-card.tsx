import { CopyButton } from "./copy-button";

export interface EndpointFacts {
  endpointUrl: string;
  endpointSource: "runtime" | "host-header";
  attached: boolean;
  version: string;
  dataDir: string | null;
  uptimeSeconds: number | null;
  requireApiKey: boolean | null;
  clientKeyCount: number;
}

/** The gateway URL front and centre, with the facts a user needs to trust it. */
export function EndpointCard({ facts }: { facts: EndpointFacts }) {
  return (
    <section className="rounded-xl border border-border bg-card p-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-sm font-semibold">Endpoint</h2>
        <EngineBadge attached={facts.attached} />
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-3">
        <code className="break-all font-mono text-xl text-accent sm:text-2xl">{facts.endpointUrl}</code>
        <CopyButton text={facts.endpointUrl} label="Copy URL" />
      </div>
      <p className="mt-1 text-xs text-muted">
        {facts.endpointSource === "runtime"
          ? "As announced by the omniroute server. OpenAI-style clients append /v1."
          : "Taken from the address this page was opened with. OpenAI-style clients append /v1."}
      </p>

      {facts.attached ? null : (
        <p className="mt-4 rounded-lg border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
          The engine is not attached: this page is served by Next alone (for example{" "}
          <code className="font-mono">next start</code>), so <code className="font-mono">/v1</code> is not
          answered here. Start the gateway with <code className="font-mono">npm start</code> or{" "}
          <code className="font-mono">omniroute</code>.
        </p>
      )}

      <dl className="mt-5 grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Version" value={facts.version} />
        <Fact label="Data directory" value={facts.dataDir ?? "not attached"} mono={facts.dataDir !== null} />
        <Fact label="Client key" value={describeKeys(facts.requireApiKey, facts.clientKeyCount)} />
        <Fact label="Uptime" value={facts.uptimeSeconds === null ? "not attached" : formatUptime(facts.uptimeSeconds)} />
      </dl>
    </section>
  );
}

function EngineBadge({ attached }: { attached: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full border border-border px-2.5 py-0.5 text-xs">
      <span aria-hidden className={`size-1.5 rounded-full ${attached ? "bg-ok" : "bg-warn"}`} />
      {attached ? "Engine attached" : "Engine not attached"}
    </span>
  );
}

function Fact({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] uppercase tracking-wide text-muted">{label}</dt>
      <dd className={`mt-0.5 break-all ${mono ? "font-mono text-[13px]" : ""}`}>{value}</dd>
    </div>
  );
}

function describeKeys(requireApiKey: boolean | null, count: number): string {
  if (requireApiKey === null) return "not attached";
  const keys = `${count} key${count === 1 ? "" : "s"} configured`;
  return requireApiKey ? `required · ${keys}` : `not required · ${keys}`;
}

function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
