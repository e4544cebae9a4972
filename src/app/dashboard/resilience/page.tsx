import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ResilienceLive } from "@/components/resilience/resilience-live";
import { loadResilienceView } from "./load-resilience-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Resilience · omniroute" };

export default function ResiliencePage() {
  const view = loadResilienceView();
  return (
    <>
      <PageHeader title="Resilience" description="How the router protects your requests: breakers per provider, cooldowns per account and model, and rate limits. Updates live while this tab is open." />
      {!view.isAttached ? (
        <EmptyState title="The gateway engine is not attached" description="This page reads the running server's routing state." />
      ) : view.providerIds.length === 0 && view.state.breakers.length === 0 ? (
        <EmptyState
          title="No providers yet"
          description="Breakers, cooldowns and rate limits appear once a provider with accounts is configured."
          action={<Link prefetch={false} href="/dashboard/providers" className={buttonClassName("primary", "md")}>Add a provider</Link>}
        />
      ) : (
        <ResilienceLive initial={view.state} names={view.names} providerIds={view.providerIds} />
      )}
    </>
  );
}
