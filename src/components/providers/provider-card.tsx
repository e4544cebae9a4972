"use client";

import type { ConnectionView, ProviderView } from "@/lib/server/services/providers/provider-views";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
import { StatusBadge } from "../ui/status-badge";
import { ConnectionTestButton } from "./connection-test-button";
import { CustomModelsPanel } from "./custom-models-panel";
import { ProviderProxyPanel } from "./provider-proxy-panel";
import { providerState } from "./provider-state";

export interface ProviderCardActions {
  addAccount: (provider: ProviderView) => void;
  editConnection: (provider: ProviderView, connection: ConnectionView) => void;
  setConnectionEnabled: (connection: ConnectionView, enabled: boolean) => Promise<void>;
  removeConnection: (provider: ProviderView, connection: ConnectionView) => Promise<string | undefined>;
  setProviderEnabled: (provider: ProviderView, enabled: boolean) => Promise<void>;
  removeProvider: (provider: ProviderView) => Promise<string | undefined>;
}

/** A connected provider: its accounts (test, edit, enable, remove), custom models and proxy. */
export function ProviderCard({ provider, actions, isSocks5Enabled, canAddAccount }: { provider: ProviderView; actions: ProviderCardActions; isSocks5Enabled: boolean; canAddAccount: boolean }) {
  const state = providerState(provider);
  const isNode = provider.kind !== "built-in";
  return (
    <Card
      id={`provider-${provider.id}`}
      title={
        <span className="flex flex-wrap items-center gap-2">
          {provider.nodeName ?? provider.displayName}
          <code className="font-mono text-xs font-normal text-muted">{provider.id}/</code>
        </span>
      }
      description={
        <span className="flex flex-wrap gap-1.5">
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
          <StatusBadge tone="info">{isNode ? `Custom ${provider.apiFormat}` : (provider.tier ?? "built-in")}</StatusBadge>
          {provider.auth === "oauth" ? <StatusBadge tone="neutral">OAuth login</StatusBadge> : null}
        </span>
      }
      actions={
        <>
          {canAddAccount ? (
            <Button size="sm" variant="primary" onClick={() => actions.addAccount(provider)}>
              {provider.auth === "oauth" ? "Sign in another account" : "Add account"}
            </Button>
          ) : null}
          <Button size="sm" onClick={() => actions.setProviderEnabled(provider, !provider.enabled)} aria-label={`${provider.enabled ? "Disable" : "Enable"} ${provider.displayName}`}>
            {provider.enabled ? "Disable" : "Enable"}
          </Button>
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove ${provider.displayName}`}
            title={`Remove ${provider.displayName}?`}
            description={`Every account, custom model and setting stored for ${provider.displayName} is deleted. Combos naming its models stop reaching it. Usage history stays.`}
            confirmLabel="Remove provider"
            onConfirm={() => actions.removeProvider(provider)}
          />
        </>
      }
    >
      <div className="grid gap-4">
        <DataTable
          caption={`Accounts of ${provider.displayName}`}
          rows={provider.connections}
          rowKey={(connection) => connection.id}
          empty={<p className="text-sm text-muted">No account yet.</p>}
          columns={[
            {
              key: "name",
              header: "Account",
              cell: (connection) => (
                <div className="grid gap-0.5">
                  <span className="font-medium">{connection.name}</span>
                  <span className="font-mono text-xs text-muted">
                    {connection.authType === "oauth"
                      ? [connection.oauth?.identity.email, connection.oauth?.identity.plan].filter(Boolean).join(" · ") || "signed in"
                      : connection.keyReadable
                        ? connection.apiKey
                        : "key unreadable: set it again"}
                  </span>
                </div>
              ),
            },
            {
              key: "status",
              header: "Status",
              cell: (connection) =>
                connection.oauth?.status === "auth-failed" ? (
                  <span title={connection.oauth.statusReason ?? undefined}>
                    <StatusBadge tone="danger">Sign in again</StatusBadge>
                  </span>
                ) : connection.enabled ? (
                  <StatusBadge tone="ok">Enabled</StatusBadge>
                ) : (
                  <StatusBadge tone="neutral">Disabled</StatusBadge>
                ),
            },
            { key: "priority", header: "Priority", align: "right", className: "hidden sm:table-cell", cell: (connection) => connection.priority },
            { key: "test", header: "Check", cell: (connection) => <ConnectionTestButton connectionId={connection.id} name={connection.name} /> },
            {
              key: "actions",
              header: <span className="sr-only">Actions</span>,
              align: "right",
              cell: (connection) => (
                <div className="flex flex-wrap justify-end gap-1.5">
                  {connection.authType === "api-key" ? (
                    <Button size="sm" onClick={() => actions.editConnection(provider, connection)} aria-label={`Edit ${connection.name}`}>
                      Edit
                    </Button>
                  ) : null}
                  <Button size="sm" onClick={() => actions.setConnectionEnabled(connection, !connection.enabled)} aria-label={`${connection.enabled ? "Disable" : "Enable"} ${connection.name}`}>
                    {connection.enabled ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    label="Remove"
                    ariaLabel={`Remove ${connection.name}`}
                    title={`Remove the account “${connection.name}”?`}
                    description={connection.authType === "oauth" ? "omniroute forgets this login; sign in again to reconnect." : "The stored key is deleted; requests stop using this account at once."}
                    confirmLabel="Remove account"
                    onConfirm={() => actions.removeConnection(provider, connection)}
                  />
                </div>
              ),
            },
          ]}
        />
        <details className="rounded-lg border border-border px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium">Custom models ({provider.customModels.length})</summary>
          <div className="mt-3">
            <CustomModelsPanel provider={provider} />
          </div>
        </details>
        <details className="rounded-lg border border-border px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium">Proxy{provider.proxy ? `: ${provider.proxy.type}://${provider.proxy.host}:${provider.proxy.port}` : ""}</summary>
          <div className="mt-3">
            <ProviderProxyPanel provider={provider} isSocks5Enabled={isSocks5Enabled} />
          </div>
        </details>
      </div>
    </Card>
  );
}
