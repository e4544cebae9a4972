import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** No requests in the range: say how requests get here instead of drawing empty charts. */
export function UsageEmptyState({ rangeLabel, isAttached }: { rangeLabel: string; isAttached: boolean }) {
  if (!isAttached) {
    return (
      <EmptyState
        title="The gateway engine is not attached"
        description={
          <>
            Usage is read from the running omniroute server. Start it with <code className="font-mono">omniroute</code> and open this page from the address it prints.
          </>
        }
      />
    );
  }
  return (
    <EmptyState
      title={`No requests in the ${rangeLabel}`}
      description="Every request sent through the gateway's /v1 endpoint is recorded here with its tokens and cost. Point a tool at the endpoint with one of your keys, send a prompt, and come back."
      action={
        <Link prefetch={false} href="/dashboard" className={buttonClassName("primary", "md")}>
          Set up a client
        </Link>
      }
    />
  );
}
