import type { ReactNode } from "react";
import { CodeSnippet } from "./code-snippet";
import { CopyButton } from "./copy-button";
import { Panel } from "./panel";
import {
  apiKeyExport,
  claudeCodeSnippet,
  codexConfigSnippet,
  curlSnippet,
  openAiSdkSnippet,
  type SnippetInput,
} from "./client-snippets";

/** How to point each client tool at this gateway. */
export function ClientSetupSnippets({ input, requireApiKey }: { input: SnippetInput; requireApiKey: boolean | null }) {
  const keyNote =
    requireApiKey === false
      ? "This gateway does not require a client key right now; any value works."
      : "Use a client key created for this gateway (shown once when it was created).";

  return (
    <Panel
      title="Connect your tools"
      description={
        <>
          Today: OpenAI Chat Completions (<code className="font-mono">/v1/chat/completions</code>) and{" "}
          <code className="font-mono">/v1/models</code>. Anthropic, Responses and Gemini client formats are
          translated by the engine as that work lands.
        </>
      }
    >
      <div className="grid gap-6">
        <div className="grid gap-2">
          <CodeSnippet title="1. Your key, once per shell" language="sh" code={apiKeyExport()} />
          <p className="text-xs text-muted">{keyNote}</p>
        </div>

        <ToolSection name="Claude Code" speaks="/v1/messages" hint="Environment variables, then run claude.">
          <CodeSnippet language="sh" code={claudeCodeSnippet(input)} />
        </ToolSection>

        <ToolSection name="Codex CLI" speaks="/v1/responses" hint="Add to ~/.codex/config.toml; Codex reads the key from OMNIROUTE_API_KEY.">
          <CodeSnippet title="~/.codex/config.toml" language="toml" code={codexConfigSnippet(input)} />
        </ToolSection>

        <ToolSection name="Cursor, Cline, any OpenAI SDK" speaks="/v1/chat/completions" hint="Use the OpenAI-compatible provider setting.">
          <dl className="mb-3 grid gap-2 text-sm sm:grid-cols-3">
            <Field label="Base URL" value={`${input.endpointUrl}/v1`} />
            <Field label="API key" value="$OMNIROUTE_API_KEY" copyable={false} />
            <Field label="Model" value={input.model} />
          </dl>
          <div className="grid gap-3">
            <CodeSnippet title="OpenAI SDK (JavaScript)" language="js" code={openAiSdkSnippet(input)} />
            <CodeSnippet title="curl" language="sh" code={curlSnippet(input)} />
          </div>
        </ToolSection>
      </div>
    </Panel>
  );
}

function ToolSection({
  name,
  speaks,
  hint,
  children,
}: {
  name: string;
  /** The endpoint this client calls, shown so the "Today" note above can be checked at a glance. */
  speaks: string;
  hint: string;
  children: ReactNode;
}) {
  return (
    <div className="border-t border-border pt-5">
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="text-sm font-medium">{name}</h3>
        <span className="font-mono text-[11px] text-muted">calls {speaks}</span>
      </div>
      <p className="mb-2 text-xs text-muted">{hint}</p>
      {children}
    </div>
  );
}

function Field({ label, value, copyable = true }: { label: string; value: string; copyable?: boolean }) {
  return (
    <div className="min-w-0 rounded-lg border border-border bg-code px-3 py-2">
      <dt className="text-[11px] uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 flex items-center justify-between gap-2">
        <span className="truncate font-mono text-[13px]">{value}</span>
        {copyable ? <CopyButton text={value} /> : null}
      </dd>
    </div>
  );
}
