import { MonthlyReportCard } from "@/components/usage/monthly-report-card";
import { QuotaCard } from "@/components/usage/quota-card";
import { loadMonthSummary } from "./load-usage-view";
import { loadQuotaAccounts } from "./load-quota-view";
import { nextTurn } from "./next-turn";
import { usageHref, type UsageSearchParams } from "./usage-search-params";

/** Quota per account and the monthly report, streamed last: they do not depend on the chosen range. */
export async function UsageMonthSection({ params }: { params: UsageSearchParams }) {
  await nextTurn();
  // Quota first: its refresh may write queued usage rows before counting, and the month's report reads them too.
  const quotaAccounts = await loadQuotaAccounts();
  const month = loadMonthSummary(params.month);
  if (month === undefined) return null;
  return (
    <>
      <QuotaCard accounts={quotaAccounts} />
      <MonthlyReportCard month={month} monthHref={(value) => `${usageHref(params, { month: value })}#monthly-report`} />
    </>
  );
}
