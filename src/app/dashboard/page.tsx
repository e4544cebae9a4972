import type { Metadata } from "next";
import { ClientSetupSnippets } from "@/components/client-setup-snippets";
import { EndpointCard } from "@/components/endpoint-card";
import { ProviderList } from "@/components/provider-list";
import { loadDashboardView } from "./dashboard-view";

// Reads the live runtime and the request's Host header: never prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Dashboard · omniroute" };

export default async function DashboardPage() {
  const view = await loadDashboardView();

  return (
    <main className="mx-auto grid max-w-5xl gap-5 px-5 py-8 sm:py-10">
      <header className="flex items-baseline justify-between gap-4">
        <h1 className="text-lg font-semibold tracking-tight">omniroute</h1>
        <p className="text-sm text-muted">One endpoint for your coding tools and SDKs</p>
      </header>

      <EndpointCard facts={view} />
      <ClientSetupSnippets input={{ endpointUrl: view.endpointUrl, model: view.exampleModel }} requireApiKey={view.requireApiKey} />
      <ProviderList providers={view.providers} attached={view.attached} />
    </main>
  );
}
