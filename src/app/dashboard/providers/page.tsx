import type { Metadata } from "next";
import { ProvidersManager } from "@/components/providers/providers-manager";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadProvidersView } from "./providers-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Providers · omniroute" };

export default async function ProvidersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { connected } = await searchParams;
  const view = loadProvidersView();
  if (view === undefined) {
    return (
      <>
        <PageHeader title="Providers" />
        <Notice tone="warn">The engine is not attached: start omniroute with npm start to connect providers.</Notice>
      </>
    );
  }
  const connectedProvider = typeof connected === "string" ? view.providers.find((provider) => provider.id === connected) : undefined;
  return (
    <>
      {connectedProvider ? <Notice tone="ok">{connectedProvider.displayName} is connected.</Notice> : null}
      <ProvidersManager view={view} />
    </>
  );
}
