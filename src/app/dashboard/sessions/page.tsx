import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AutoRefresh } from "@/components/sessions/auto-refresh";
import { SessionsTable } from "@/components/sessions/sessions-table";
import { loadSessionsView } from "./load-sessions-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sessions · omniroute" };

/** A session list changes at human speed: one refresh every 15 s is live enough and costs nothing. */
const REFRESH_MS = 15_000;

export default function SessionsPage() {
  const view = loadSessionsView();
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Conversations the gateway is following. Each session sticks to the account that served it last, so the upstream's prompt cache keeps hitting; a session ends after it has been idle."
      />
      {!view.isAttached ? (
        <EmptyState title="The gateway engine is not attached" description="Sessions live in the running server's memory." />
      ) : (
        <Card
          title={`${view.total} active session${view.total === 1 ? "" : "s"}`}
          description={`Sessions expire after ${Math.round(view.idleMs / 60_000)} minutes without a request${view.total > view.sessions.length ? `; the ${view.sessions.length} most recent are shown` : ""}. The fingerprint is a digest: never the client's id or prompt.`}
          actions={<AutoRefresh intervalMs={REFRESH_MS} label="Refreshes every 15 s" />}
        >
          <SessionsTable sessions={view.sessions} now={view.now} />
        </Card>
      )}
    </>
  );
}
