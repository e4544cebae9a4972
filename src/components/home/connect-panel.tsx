"use client";

import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "../copy-button";
import { CreatedKeyNotice } from "../keys/created-key-notice";
import { QuickKeyForm } from "../keys/quick-key-form";
import { Card } from "../ui/card";
import { FormField, SelectInput } from "../ui/form-field";
import { SetupSnippets } from "./setup-snippets";

export interface ConnectPanelProps {
  endpointUrl: string;
  endpointSource: "runtime" | "host-header";
  requireApiKey: boolean | null;
  keyCount: number;
  latestKey: { name: string; prefix: string } | null;
  modelChoices: string[];
  exampleModel: string;
}

/**
 * Everything a user copies into a tool: the endpoint, a key (created right here if needed; then the snippets
 * carry it literally until the page is left) and per-tool setup for the chosen model.
 */
export function ConnectPanel(props: ConnectPanelProps) {
  const [createdKey, setCreatedKey] = useState<{ name: string; key: string } | null>(null);
  const [model, setModel] = useState(props.exampleModel);

  return (
    <>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Endpoint" description={props.endpointSource === "runtime" ? "As announced by the omniroute server." : "Taken from the address this page was opened with."}>
          <div className="grid gap-3">
            <div className="flex flex-wrap items-center gap-3">
              <code data-testid="endpoint-url" className="break-all font-mono text-lg text-accent sm:text-xl">
                {props.endpointUrl}
              </code>
              <CopyButton text={props.endpointUrl} label="Copy URL" />
            </div>
            <p className="text-sm text-muted">
              OpenAI-style clients use <code className="font-mono text-foreground">{`${props.endpointUrl}/v1`}</code>; Claude Code and Gemini CLI take the
              address as it is.
            </p>
          </div>
        </Card>

        <Card
          title="Client key"
          actions={
            <Link href="/dashboard/keys" className="text-sm text-accent underline-offset-2 hover:underline">
              Manage keys
            </Link>
          }
        >
          <div className="grid gap-3 text-sm">
            {props.requireApiKey === false ? (
              <p className="text-muted">This gateway accepts requests without a key (it listens on loopback only). A key per tool still separates their usage.</p>
            ) : null}
            {createdKey ? (
              <CreatedKeyNotice name={createdKey.name} apiKey={createdKey.key} />
            ) : props.keyCount > 0 ? (
              <p>
                {props.keyCount} key{props.keyCount === 1 ? "" : "s"} exist{props.keyCount === 1 ? "s" : ""}
                {props.latestKey ? (
                  <>
                    , latest <strong>{props.latestKey.name}</strong> (<code className="font-mono">{props.latestKey.prefix}…</code>)
                  </>
                ) : null}
                . A key is shown in full only when it is created; make a new one to copy it now.
              </p>
            ) : (
              <p>No client key yet. Create one and the snippets below fill it in.</p>
            )}
            {createdKey ? null : <QuickKeyForm onCreated={(created) => setCreatedKey(created)} />}
          </div>
        </Card>
      </div>

      <Card
        title="Set up your tools"
        description="Copy-ready settings for this gateway. Every tool can use any model: omniroute translates between their API formats."
        actions={
          props.modelChoices.length > 0 ? (
            <FormField label="Model" id="snippet-model" className="w-64 max-w-full">
              <SelectInput id="snippet-model" value={model} onChange={(event) => setModel(event.target.value)}>
                {props.modelChoices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </SelectInput>
            </FormField>
          ) : null
        }
      >
        {props.modelChoices.length === 0 ? (
          <p className="mb-4 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-sm">
            No provider is connected yet, so these use <code className="font-mono">{model}</code> as an example.{" "}
            <Link href="/dashboard/providers" className="underline underline-offset-2">
              Connect a provider
            </Link>{" "}
            to route requests.
          </p>
        ) : null}
        <SetupSnippets input={{ endpointUrl: props.endpointUrl, model, apiKey: createdKey?.key }} />
      </Card>
    </>
  );
}
