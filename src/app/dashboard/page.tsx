import type { Metadata } from "next";
import Link from "next/link";
import { ConnectPanel } from "@/components/home/connect-panel";
import { GatewayFacts } from "@/components/home/gateway-facts";
import { HealthAtAGlance } from "@/components/home/health-at-a-glance";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { loadDashboardView } from "./dashboard-view";

// Reads the live runtime and the request's Host header: never prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Home · omniroute" };

export default async function DashboardPage() {
  const view = await loadDashboardView();
  const connectedProviders = view.providers.filter((provider) => provider.accountCount > 0).length;

  return (
    <>
      <PageHeader
        title="Home"
        description="One endpoint for your coding tools and SDKs."
        actions={view.attached ? <StatusBadge tone="ok">Engine attached</StatusBadge> : <StatusBadge tone="warn">Engine not attached</StatusBadge>}
      />
      {view.attached ? null : (
        <Notice tone="warn" title="The engine is not attached">
          This page is served by Next alone (for example <code className="font-mono">next start</code>), so <code className="font-mono">/v1</code> is not answered
          here. Start the gateway with <code className="font-mono">npm start</code> or <code className="font-mono">omniroute</code>.
        </Notice>
      )}
      {view.attached && connectedProviders === 0 ? (
        <Notice tone="info" title="No provider connected yet">
          Requests need somewhere to go: <Link href="/dashboard/providers" className="underline underline-offset-2">connect a provider</Link> (a subscription or an API key).
          New here? The <Link href="/dashboard/welcome" className="underline underline-offset-2">welcome page</Link> walks through the first request.
        </Notice>
      ) : null}
      <HealthAtAGlance health={view.health} />
      <ConnectPanel
        endpointUrl={view.endpointUrl}
        endpointSource={view.endpointSource}
        requireApiKey={view.requireApiKey}
        keyCount={view.clientKeyCount}
        latestKey={view.latestKey}
        modelChoices={view.modelChoices}
        exampleModel={view.exampleModel}
      />
      <GatewayFacts view={view} />
    </>
  );
}
