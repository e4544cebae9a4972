import { CodeSnippet } from "./code-snippet";
import { configFileExample } from "./client-snippets";
import { Panel } from "./panel";

export interface ProviderRow {
  id: string;
  displayName: string;
  apiFormat: string;
  strategy: string;
  modelCount: number;
  accountCount: number;
}

/** Configured providers with their model and account counts, or how to add the first one. */
export function ProviderList({ providers, attached }: { providers: ProviderRow[]; attached: boolean }) {
  const count = providers.length;
  return (
    <Panel
      title="Providers"
      description={
        count > 0
          ? `${count} configured. Address a model as <provider>/<model>.`
          : attached
            ? "None configured yet."
            : "Shown once the engine is attached."
      }
    >
      {count > 0 ? <ProviderTable providers={providers} /> : <EmptyState />}
    </Panel>
  );
}

function ProviderTable({ providers }: { providers: ProviderRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-[11px] uppercase tracking-wide text-muted">
          <tr className="border-b border-border">
            <th className="py-2 pr-4 font-medium">Provider</th>
            <th className="py-2 pr-4 font-medium">Prefix</th>
            <th className="py-2 pr-4 font-medium">Wire format</th>
            <th className="py-2 pr-4 text-right font-medium">Models</th>
            <th className="py-2 pr-4 text-right font-medium">Accounts</th>
            <th className="py-2 font-medium">Strategy</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.id} className="border-b border-border last:border-0">
              <td className="py-2 pr-4">{provider.displayName}</td>
              <td className="py-2 pr-4 font-mono text-[13px]">{provider.id}/</td>
              <td className="py-2 pr-4 font-mono text-[13px] text-muted">{provider.apiFormat}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{provider.modelCount}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{provider.accountCount}</td>
              <td className="py-2 text-muted">{provider.strategy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EmptyState() {
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <div className="text-sm text-muted">
        <p>
          Write the provider into a JSON file and start the gateway with it. Entries are upserted by{" "}
          <code className="font-mono">id</code> at every start.
        </p>
        <div className="mt-3">
          <CodeSnippet language="sh" code="omniroute --config omniroute.json" />
        </div>
        <p className="mt-2 text-xs">
          From a checkout: <code className="font-mono">npm start -- --config omniroute.json</code>. Or set{" "}
          <code className="font-mono">OMNIROUTE_CONFIG=omniroute.json</code>.
        </p>
      </div>
      <CodeSnippet title="omniroute.json" language="json" code={configFileExample()} />
    </div>
  );
}
