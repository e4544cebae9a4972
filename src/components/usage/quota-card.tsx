import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AccountQuota, QuotaWindowView } from "@/lib/server/quota/quota-service";
import { formatCompact, formatPercent } from "./format-usage";
import { QuotaResetCountdown } from "./quota-reset-countdown";

/** Each account's quota windows (5-hour, weekly, declared ones): how much is used, and a live reset countdown. */
export function QuotaCard({ accounts }: { accounts: AccountQuota[] | undefined }) {
  return (
    <Card id="quota" title="Quota per account" description="Windows the upstreams report with each answer, and the ones you declared on an account, counted here.">
      {accounts === undefined ? (
        <EmptyState title="This server does not track quota windows" description="Quota tracking comes with the usage accounting; restart the server after upgrading." />
      ) : accounts.length === 0 ? (
        <EmptyState
          title="No quota windows known yet"
          description="Subscription accounts (Claude, Codex, Gemini CLI…) report their 5-hour and weekly windows with each answer, so they appear after the first request through such an account. For an API key, declare a window on the account (Providers → account → quota)."
        />
      ) : (
        <ul className="grid gap-5">
          {accounts.map((account) => (
            <li key={account.connectionId} className="grid gap-2">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{account.provider}</span>
                <span className="text-muted">/ {account.accountName ?? `${account.accountId} (removed)`}</span>
                {account.heldUntil !== null ? (
                  <StatusBadge tone="danger">
                    held until reset · <QuotaResetCountdown resetsAt={account.heldUntil} />
                  </StatusBadge>
                ) : null}
              </div>
              <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
                {account.windows.map((window) => (
                  <QuotaWindowItem key={`${window.source}:${window.name}:${window.scope ?? ""}`} window={window} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const BAR_TRACK = "mt-1.5 h-1.5 overflow-hidden rounded-full bg-code";

function QuotaWindowItem({ window }: { window: QuotaWindowView }) {
  const fraction = usedFraction(window);
  const amount = window.used !== null && window.limit !== null && window.unit !== "percent" ? `${formatCompact(window.used)} of ${formatCompact(window.limit)} ${window.unit}` : null;
  return (
    <li className="rounded-lg border border-border px-3 py-2">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {window.name}
          {window.scope === "model" ? <span className="text-muted"> (one model)</span> : null}
        </span>
        <span className={`tabular-nums ${window.exhausted ? "font-medium text-danger" : ""}`}>{fraction === null ? "use unknown" : window.exhausted ? "spent" : `${formatPercent(fraction)} used`}</span>
      </div>
      {fraction === null ? (
        // A meter must have a value (aria-valuenow); with none, the empty track is decoration and "use unknown" above says it.
        <div aria-hidden="true" className={BAR_TRACK} />
      ) : (
        <div
          role="meter"
          aria-label={`${window.name}: share of the window used`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
          aria-valuetext={`${formatPercent(fraction)} used`}
          className={BAR_TRACK}
        >
          <div className={`h-full ${barTone(fraction, window.exhausted)}`} style={{ width: `${fraction * 100}%` }} />
        </div>
      )}
      <div className="mt-1.5 flex flex-wrap justify-between gap-x-3 gap-y-1 text-xs text-muted">
        <span>
          {amount ?? ""}
          {amount ? " · " : ""}
          {window.source === "upstream" ? "reported by the upstream" : "counted here"}
        </span>
        <span>{window.resetsAt === null ? "no reset scheduled" : <>resets in <QuotaResetCountdown resetsAt={window.resetsAt} /></>}</span>
      </div>
    </li>
  );
}

function barTone(fraction: number, exhausted: boolean): string {
  return exhausted || fraction >= 0.9 ? "bg-danger" : fraction >= 0.7 ? "bg-warn" : "bg-ok";
}

/** Used share 0–1 from the percent, else used/limit; null when neither is known. Never "left". */
function usedFraction(window: QuotaWindowView): number | null {
  if (window.usedPercent !== null) return Math.min(1, Math.max(0, window.usedPercent / 100));
  if (window.used !== null && window.limit !== null && window.limit > 0) return Math.min(1, Math.max(0, window.used / window.limit));
  return null;
}
