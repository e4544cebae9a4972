"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { Countdown } from "@/components/ui/countdown";

/** A window's reset countdown; when it reaches zero the page re-reads the quota (the window starts over). */
export function QuotaResetCountdown({ resetsAt }: { resetsAt: number }) {
  const router = useRouter();
  const refresh = useCallback(() => {
    // The service notices the reset on its own clock: give it a moment before asking again.
    setTimeout(() => router.refresh(), 1_500);
  }, [router]);
  return <Countdown until={resetsAt} doneLabel="now" onDone={refresh} />;
}
