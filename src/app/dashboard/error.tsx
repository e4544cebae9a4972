"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** A dashboard page failed to render: say so, offer a retry, keep the shell (nav) usable. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The digest is what the server log names; the message itself is hidden in production builds.
    console.warn("dashboard page error", error.digest ?? error.message);
  }, [error]);
  return (
    <div className="grid gap-4">
      <h1 className="text-xl font-semibold tracking-tight">This page could not load</h1>
      <Notice tone="danger" title="Something went wrong while reading the data for this page.">
        {error.digest ? (
          <p className="mt-1 text-xs">
            Reference <code className="font-mono">{error.digest}</code> (the server log has the details).
          </p>
        ) : null}
      </Notice>
      <div>
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
      </div>
    </div>
  );
}
