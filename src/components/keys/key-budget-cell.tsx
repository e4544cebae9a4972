import type { BudgetPeriodView } from "@/app/dashboard/keys/keys-view";
import { formatUsd } from "../ui/format-number";

/** "$0.42 of $5.00 today" with a small bar per budget period; "None" without a budget. */
export function KeyBudgetCell({ periods }: { periods: BudgetPeriodView[] | undefined }) {
  if (periods === undefined || periods.length === 0) return <span className="text-muted">None</span>;
  return (
    <div className="grid min-w-40 gap-1.5">
      {periods.map((period) => {
        const share = period.limitUsd > 0 ? Math.min(1, period.spentUsd / period.limitUsd) : 0;
        const tone = share >= 1 ? "bg-danger" : share >= 0.8 ? "bg-warn" : "bg-accent";
        return (
          <div key={period.period} className="grid gap-0.5 text-xs">
            <span>
              {formatUsd(period.spentUsd)} of {formatUsd(period.limitUsd)} {period.period === "daily" ? "today" : "this month"}
            </span>
            <div
              className="h-1 w-full overflow-hidden rounded-full bg-code"
              role="meter"
              aria-label={`${period.period} budget used`}
              aria-valuemin={0}
              aria-valuemax={period.limitUsd}
              aria-valuenow={Number(period.spentUsd.toFixed(4))}
            >
              <div className={`h-full ${tone}`} style={{ width: `${Math.round(share * 100)}%` }} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
