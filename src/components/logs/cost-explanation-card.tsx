import { Card } from "@/components/ui/card";
import { formatInteger, formatUsd } from "@/components/usage/format-usage";
import type { CostExplanation } from "../../../open-sse/src/accounting/compute-cost";

const CLASS_LABELS: Record<string, string> = { input: "Input (uncached)", cache_read: "Cache read", cache_write: "Cache write", output: "Output", reasoning: "Reasoning", image: "Images" };

/** "Why this cost": each token class × its price, from the price recorded with the request. */
export function CostExplanationCard({ explanation }: { explanation: CostExplanation | null }) {
  if (explanation === null) return null;
  return (
    <Card
      title="Why this cost"
      description={
        <>
          {explanation.key ? <>Priced as <code className="font-mono text-xs">{explanation.key}</code> ({explanation.source ?? "unknown source"})</> : "No price was known"}
          {explanation.billing !== "metered" ? ` · billed as ${explanation.billing}` : ""}
          {explanation.tier ? ` · ${explanation.tier} tier` : ""}
        </>
      }
    >
      {explanation.lines.length > 0 ? (
        <table className="w-full text-sm">
          <caption className="sr-only">Cost per token class</caption>
          <thead>
            <tr className="border-b border-border text-[11px] uppercase tracking-wide text-muted">
              <th scope="col" className="py-1.5 text-left font-medium">Class</th>
              <th scope="col" className="py-1.5 pl-3 text-right font-medium">Tokens</th>
              <th scope="col" className="py-1.5 pl-3 text-right font-medium">Price</th>
              <th scope="col" className="py-1.5 pl-3 text-right font-medium">Cost</th>
            </tr>
          </thead>
          <tbody>
            {explanation.lines.map((line) => (
              <tr key={line.tokenClass} className="border-b border-border last:border-0">
                <th scope="row" className="py-1.5 text-left font-normal">{CLASS_LABELS[line.tokenClass] ?? line.tokenClass}</th>
                <td className="py-1.5 pl-3 text-right tabular-nums">{formatInteger(line.tokens)}</td>
                <td className="py-1.5 pl-3 text-right tabular-nums text-muted">{line.perImageUsd !== undefined ? `${formatUsd(line.perImageUsd)} / image` : `$${line.perMillionUsd} / M`}</td>
                <td className="py-1.5 pl-3 text-right tabular-nums">{formatUsd(line.usd)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-border font-medium">
              <th scope="row" className="py-1.5 text-left" colSpan={3}>
                Total{explanation.billing !== "metered" && explanation.listPriceUsd !== null ? <span className="font-normal text-muted"> (list price {formatUsd(explanation.listPriceUsd)})</span> : null}
              </th>
              <td className="py-1.5 pl-3 text-right tabular-nums">{explanation.totalUsd === null ? "—" : formatUsd(explanation.totalUsd)}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
      {explanation.notes.length > 0 ? (
        <ul className="mt-3 grid gap-1 text-xs text-muted">
          {explanation.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
