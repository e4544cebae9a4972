"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ProvidersPageView } from "@/app/dashboard/providers/providers-view";
import type { ConnectionView, ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { Notice } from "../ui/notice";
import { PageHeader } from "../ui/page-header";
import { StatusBadge } from "../ui/status-badge";
import { AddNodeForm } from "./add-node-form";
import { ConnectionForm } from "./connection-form";
import { OAuthConnectPanel } from "./oauth-connect-panel";
import { ProviderCard, type ProviderCardActions } from "./provider-card";
import { providerState, TIER_SECTIONS } from "./provider-state";

type Dialogs = { kind: "connect"; provider: ProviderView } | { kind: "edit"; provider: ProviderView; connection: ConnectionView } | { kind: "node" } | null;

/** The Providers page: connected providers first, then the catalog by tier, and the dialogs that change them. */
export function ProvidersManager({ view }: { view: ProvidersPageView }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [error, setError] = useState<string | null>(null);
  const configured = view.providers.filter((provider) => provider.connections.length > 0 || provider.kind !== "built-in");
  const refresh = () => router.refresh();

  const canAddAccount = (provider: ProviderView) =>
    provider.kind === "built-in" ? provider.auth === "api-key" || view.oauth[provider.id] !== undefined : view.allowsMultipleNodeConnections || provider.connections.length === 0;

  const actions: ProviderCardActions = {
    addAccount: (provider) => setDialog({ kind: "connect", provider }),
    editConnection: (provider, connection) => setDialog({ kind: "edit", provider, connection }),
    async setConnectionEnabled(connection, enabled) {
      const result = await apiRequest("PATCH", `/api/providers/${encodeURIComponent(connection.id)}`, { enabled });
      setError(result.ok ? null : result.message);
      refresh();
    },
    async removeConnection(provider, connection) {
      const result =
        connection.authType === "oauth"
          ? await apiRequest("POST", `/api/oauth/${encodeURIComponent(provider.id)}/disconnect`, { connectionId: connection.id })
          : await apiRequest("DELETE", `/api/providers/${encodeURIComponent(connection.id)}`);
      if (!result.ok) return result.message;
      refresh();
      return undefined;
    },
    async setProviderEnabled(provider, enabled) {
      const result =
        provider.kind === "built-in"
          ? await apiRequest("PATCH", `/api/providers/${encodeURIComponent(provider.id)}`, { enabled })
          : await apiRequest("PATCH", `/api/provider-nodes/${encodeURIComponent(provider.id)}`, { enabled });
      setError(result.ok ? null : result.message);
      refresh();
    },
    async removeProvider(provider) {
      const result = await apiRequest("DELETE", provider.kind === "built-in" ? `/api/providers/${encodeURIComponent(provider.id)}` : `/api/provider-nodes/${encodeURIComponent(provider.id)}`);
      if (!result.ok) return result.message;
      refresh();
      return undefined;
    },
  };

  const closeAndRefresh = () => {
    setDialog(null);
    refresh();
  };

  return (
    <>
      <PageHeader
        title="Providers"
        description="Where requests go: subscriptions you sign in to, API keys, and your own OpenAI- or Anthropic-compatible endpoints."
        actions={<Button onClick={() => setDialog({ kind: "node" })}>Add custom endpoint</Button>}
      />
      {error ? <Notice tone="danger">{error}</Notice> : null}

      <section aria-labelledby="connected-heading" className="grid gap-4">
        <h2 id="connected-heading" className="text-base font-semibold">
          Connected
        </h2>
        {configured.length === 0 ? (
          <Card>
            <EmptyState
              title="No provider connected yet"
              description="Pick one below: sign in with a subscription you already have, or paste an API key. omniroute checks the key before saving it."
            />
          </Card>
        ) : (
          configured.map((provider) => <ProviderCard key={provider.id} provider={provider} actions={actions} isSocks5Enabled={view.isSocks5Enabled} canAddAccount={canAddAccount(provider)} />)
        )}
      </section>

      {TIER_SECTIONS.map((section) => {
        const providers = view.providers.filter((provider) => provider.kind === "built-in" && provider.tier === section.tier);
        if (providers.length === 0) return null;
        return (
          <section key={section.tier} aria-labelledby={`tier-${section.tier}`} className="grid gap-3">
            <div>
              <h2 id={`tier-${section.tier}`} className="text-base font-semibold">
                {section.title}
              </h2>
              <p className="text-sm text-muted">{section.description}</p>
            </div>
            {section.tier === "subscription" && providers.some((provider) => provider.auth === "oauth" && view.oauth[provider.id] === undefined) ? (
              <Notice tone="info">Subscription logins are not available on this server yet (its OAuth engine is not attached), so these cannot be signed in to here.</Notice>
            ) : null}
            <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {providers.map((provider) => {
                const state = providerState(provider);
                const isOAuthAvailable = provider.auth !== "oauth" || view.oauth[provider.id] !== undefined;
                return (
                  <li key={provider.id} className="flex items-center justify-between gap-3 rounded-xl border border-border bg-card px-4 py-3">
                    <div className="min-w-0">
                      <p className="truncate text-sm font-medium">{provider.displayName}</p>
                      <p className="mt-1 flex flex-wrap items-center gap-1.5">
                        <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
                        <span className="font-mono text-[11px] text-muted">{provider.id}/</span>
                      </p>
                    </div>
                    <Button
                      size="sm"
                      variant={provider.connections.length === 0 ? "primary" : "secondary"}
                      onClick={() => setDialog({ kind: "connect", provider })}
                      disabled={!isOAuthAvailable}
                      title={isOAuthAvailable ? undefined : "The OAuth login is not available on this server"}
                      aria-label={`${provider.auth === "oauth" ? "Sign in to" : "Connect"} ${provider.displayName}`}
                    >
                      {provider.auth === "oauth" ? "Sign in" : "Connect"}
                    </Button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}

      <Dialog
        isOpen={dialog !== null}
        onClose={() => setDialog(null)}
        size="lg"
        title={
          dialog?.kind === "node"
            ? "Add a custom endpoint"
            : dialog?.kind === "edit"
              ? `Edit “${dialog.connection.name}”`
              : dialog?.provider.auth === "oauth"
                ? `Sign in to ${dialog.provider.displayName}`
                : `Connect ${dialog?.provider.displayName ?? ""}`
        }
        description={
          dialog?.kind === "node"
            ? "Any server that speaks the OpenAI or Anthropic API: LiteLLM, vLLM, Ollama's OpenAI endpoint, a company gateway."
            : dialog?.kind === "connect" && dialog.provider.auth === "api-key"
              ? "The key is stored encrypted on this machine and only ever shown masked."
              : undefined
        }
      >
        {dialog?.kind === "node" ? <AddNodeForm onDone={closeAndRefresh} onCancel={() => setDialog(null)} /> : null}
        {dialog?.kind === "edit" ? (
          <ConnectionForm provider={dialog.provider} connection={dialog.connection} isSocks5Enabled={view.isSocks5Enabled} onDone={closeAndRefresh} onCancel={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === "connect" && dialog.provider.auth === "api-key" ? (
          <ConnectionForm provider={dialog.provider} isSocks5Enabled={view.isSocks5Enabled} onDone={closeAndRefresh} onCancel={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === "connect" && dialog.provider.auth === "oauth" && view.oauth[dialog.provider.id] ? (
          <OAuthConnectPanel provider={dialog.provider} capabilities={view.oauth[dialog.provider.id]!} onConnected={refresh} />
        ) : null}
      </Dialog>
    </>
  );
}
