"use client";

import type { ReactNode } from "react";
import { CodeSnippet } from "../code-snippet";
import { CopyButton } from "../copy-button";
import {
  apiKeyExport,
  claudeCodeSnippet,
  codexConfigSnippet,
  codexRunSnippet,
  curlSnippet,
  geminiCliSettingsSnippet,
  geminiCliSnippet,
  openAiCompatibleFields,
  openAiPythonSnippet,
  openAiSdkSnippet,
  type SnippetInput,
} from "../client-snippets";
import { Tabs } from "../ui/tabs";

/** One tab per tool, each with the exact settings that tool needs for this gateway. */
export function SetupSnippets({ input }: { input: SnippetInput }) {
  const fields = openAiCompatibleFields(input);
  const keyStep = input.apiKey ? null : <CodeSnippet title="Your key, once per shell" language="sh" code={apiKeyExport()} />;

  return (
    <Tabs
      label="Tools"
      items={[
        {
          id: "claude-code",
          label: "Claude Code",
          content: (
            <ToolSteps hint="Claude Code calls /v1/messages; omniroute routes it to the model you pick, on any provider.">
              {keyStep}
              <CodeSnippet title="Then, in the shell you start claude from" language="sh" code={claudeCodeSnippet(input)} />
            </ToolSteps>
          ),
        },
        {
          id: "codex",
          label: "Codex",
          content: (
            <ToolSteps hint="Codex speaks the Responses API (/v1/responses) only; omniroute translates it for every provider.">
              <CodeSnippet title="~/.codex/config.toml" language="toml" code={codexConfigSnippet(input)} />
              <CodeSnippet title="Run" language="sh" code={codexRunSnippet(input)} />
            </ToolSteps>
          ),
        },
        {
          id: "gemini-cli",
          label: "Gemini CLI",
          content: (
            <ToolSteps hint="Gemini CLI needs API-key auth selected in its settings file, then the base URL and key in the environment.">
              <CodeSnippet title="~/.gemini/settings.json" language="json" code={geminiCliSettingsSnippet()} />
              <CodeSnippet title="Run" language="sh" code={geminiCliSnippet(input)} />
            </ToolSteps>
          ),
        },
        {
          id: "cursor",
          label: "Cursor",
          content: (
            <ToolSteps hint="Cursor → Settings → Models: turn on “OpenAI API Key”, paste the key, open “Override OpenAI Base URL” and add the model by name.">
              <FieldList fields={fields} />
            </ToolSteps>
          ),
        },
        {
          id: "cline",
          label: "Cline",
          content: (
            <ToolSteps hint="Cline → Settings → API Provider: “OpenAI Compatible”, then these three fields.">
              <FieldList fields={fields} />
            </ToolSteps>
          ),
        },
        {
          id: "openai-sdk",
          label: "OpenAI SDK",
          content: (
            <ToolSteps hint="Any OpenAI SDK or HTTP client: the Chat Completions, Responses, Embeddings and Models endpoints are under /v1.">
              {keyStep}
              <CodeSnippet title="JavaScript / TypeScript" language="js" code={openAiSdkSnippet(input)} />
              <CodeSnippet title="Python" language="py" code={openAiPythonSnippet(input)} />
              <CodeSnippet title="curl" language="sh" code={curlSnippet(input)} />
            </ToolSteps>
          ),
        },
      ]}
    />
  );
}

function ToolSteps({ hint, children }: { hint: string; children: ReactNode }) {
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted">{hint}</p>
      {children}
    </div>
  );
}

function FieldList({ fields }: { fields: { baseUrl: string; apiKey: string; model: string } }) {
  const rows = [
    { label: "Base URL", value: fields.baseUrl },
    { label: "API key", value: fields.apiKey },
    { label: "Model", value: fields.model },
  ];
  return (
    <dl className="grid gap-2 sm:grid-cols-3">
      {rows.map((row) => (
        <div key={row.label} className="min-w-0 rounded-lg border border-border bg-code px-3 py-2">
          <dt className="text-[11px] uppercase tracking-wide text-muted">{row.label}</dt>
          <dd className="mt-0.5 flex items-center justify-between gap-2">
            <span className="truncate font-mono text-[13px]" title={row.value}>
              {row.value}
            </span>
            <CopyButton text={row.value} label={`Copy ${row.label}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
