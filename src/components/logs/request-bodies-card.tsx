import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatInteger } from "@/components/usage/format-usage";
import type { RequestLogEntry, StoredBody } from "@/lib/server/request-logs/request-log-entry";

/** The request and response as the gateway saw them, redacted; or why they were not kept. */
export function RequestBodiesCard({ entry, isRequestLogOn }: { entry: RequestLogEntry | undefined; isRequestLogOn: boolean }) {
  const reason =
    entry === undefined
      ? isRequestLogOn
        ? "This request is not in the request log (it ran while logging was off, or its entry expired)."
        : null
      : entry.bodies === "off-for-key"
        ? "This request's key opted out of content logging: only its metadata was kept."
        : entry.bodies === "not-captured"
          ? "The bodies of this request were not captured."
          : null;
  return (
    <Card title="Request and response" description="Stored only while request logging is on; secrets are redacted before anything is written.">
      {entry === undefined && !isRequestLogOn ? (
        <p className="text-sm text-muted">
          Request logging is off, so bodies, attempts and phase timings are not kept. Turn it on under{" "}
          <Link prefetch={false} href="/dashboard/settings" className="text-accent underline underline-offset-2">
            Settings
          </Link>{" "}
          (or start the server with <code className="font-mono text-xs">ENABLE_REQUEST_LOGS=true</code>).
        </p>
      ) : reason ? (
        <p className="text-sm text-muted">{reason}</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <Body label="Request" body={entry?.request ?? null} />
          <Body label="Response" body={entry?.response ?? null} />
        </div>
      )}
    </Card>
  );
}

function Body({ label, body }: { label: string; body: StoredBody | null }) {
  return (
    <div className="min-w-0">
      <p className="text-xs font-medium text-muted">
        {label}
        {body ? ` · ${formatInteger(body.bytes)} bytes${body.truncated ? " (cut at the size cap)" : ""}` : ""}
      </p>
      {body === null ? (
        <p className="mt-1 text-sm text-muted">None.</p>
      ) : (
        <pre tabIndex={0} aria-label={`${label} body`} className="mt-1 max-h-96 overflow-auto rounded-lg bg-code p-3 font-mono text-[11px] leading-relaxed">
          {typeof body.body === "string" ? body.body : JSON.stringify(body.body, null, 2)}
        </pre>
      )}
    </div>
  );
}
