import { CostBreakdownCard } from "@/components/usage/cost-breakdown-card";
import { TopModelsCard } from "@/components/usage/top-models-card";
import { loadUsageDetails, type UsageRange } from "./load-usage-view";
import { nextTurn } from "./next-turn";

/** Top models and the cost breakdown, streamed after the main chart. */
export async function UsageDetailsSection({ range, rangeLabel }: { range: UsageRange; rangeLabel: string }) {
  await nextTurn();
  const details = loadUsageDetails(range);
  if (details === undefined) return null;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <TopModelsCard models={details.topModels} rangeLabel={rangeLabel} />
      <CostBreakdownCard breakdown={details.breakdown} rangeLabel={rangeLabel} />
    </div>
  );
}
