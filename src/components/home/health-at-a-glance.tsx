import Link from "next/link";
import type { HealthSummary } from "@/app/dashboard/dashboard-view";
import { Card } from "../ui/card";
import { StatTile } from "../ui/stat-tile";
import { formatUsd } from "../ui/format-number";

/** Today's requests, errors and cost, and what routing is holding back right now. */
export function HealthAtAGlance({ health }: { health: HealthSummary | null }) {
  if (health === null) {
    return (
      <Card title="Health at a glance">
        <p className="text-sm text-muted">Shown once the engine is attached (start omniroute with <code className="font-mono">npm start</code>).</p>
      </Card>
    );
  }
  const errorRate = health.requests > 0 ? Math.round((health.errors / health.requests) * 100) : 0;
  const held = health.coolingDown + health.openBreakers;
  return (
    <Card
      title="Health at a glance"
      description="Since 00:00 UTC today."
      actions={
        <Link href="/dashboard/usage" className="text-sm text-accent underline-offset-2 hover:underline">
          Usage details
        </Link>
      }
    >
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatTile label="Requests today" value={health.requests.toLocaleString("en-US")} hint={health.requests === 0 ? "None yet: try the curl snippet below." : undefined} />
        <StatTile
          label="Errors"
          value={health.errors.toLocaleString("en-US")}
          tone={health.errors > 0 ? "danger" : undefined}
          hint={health.requests > 0 ? `${errorRate}% of requests` : undefined}
        />
        <StatTile label="Cost today" value={formatUsd(health.costUsd)} hint={health.unpriced > 0 ? `${health.unpriced} requests without a known price` : undefined} />
        <StatTile
          label="Cooling down"
          value={health.coolingDown.toLocaleString("en-US")}
          tone={held > 0 ? "warn" : undefined}
          hint={
            held > 0 ? (
              <Link href="/dashboard/resilience" className="underline underline-offset-2">
                {health.openBreakers > 0 ? `${health.openBreakers} provider breaker${health.openBreakers === 1 ? "" : "s"} open · ` : ""}see Resilience
              </Link>
            ) : (
              "No account is held back."
            )
          }
        />
      </dl>
    </Card>
  );
}
