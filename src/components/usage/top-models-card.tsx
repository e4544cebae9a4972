import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChartFigure } from "@/components/charts/chart-figure";
import { TopModelsChart } from "@/components/charts/top-models-chart";
import type { TopModel } from "@/app/dashboard/usage/load-usage-view";
import { formatCompact, formatInteger, formatUsd } from "./format-usage";

/** The models that cost the most in the range (by tokens when nothing was billed). */
export function TopModelsCard({ models, rangeLabel }: { models: TopModel[]; rangeLabel: string }) {
  const isBilled = models.some((model) => model.costUsd > 0);
  const bars = models.map((model) => ({ label: model.key, value: isBilled ? model.costUsd : model.tokens }));
  const height = Math.max(120, bars.length * 30 + 32);
  return (
    <Card title="Top models" description={`${isBilled ? "By cost" : "By tokens"}, ${rangeLabel}.`}>
      {models.length === 0 ? (
        <EmptyState title="No models used in this range" description="Each model that answers a request appears here." />
      ) : (
        <>
          <ChartFigure caption={`Top models ${isBilled ? "by cost" : "by tokens"}`} height={height} testId="top-models-chart" isDeferred>
            <TopModelsChart bars={bars} metric={isBilled ? "cost" : "tokens"} description={`Top models ${isBilled ? "by cost" : "by tokens"}`} />
          </ChartFigure>
          <table className="sr-only">
            <caption>Top models</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Requests</th>
                <th scope="col">Tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.key}>
                  <th scope="row">{model.key}</th>
                  <td>{formatInteger(model.requests)}</td>
                  <td>{formatCompact(model.tokens)}</td>
                  <td>{formatUsd(model.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
