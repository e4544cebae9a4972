"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { useVisibleInterval } from "@/components/resilience/use-visible-interval";

/**
 * Re-renders the server component page every `intervalMs` while the tab is visible (one small RSC request), so a
 * server-rendered list stays current without client-side data code. Renders nothing but a status line.
 */
export function AutoRefresh({ intervalMs, label }: { intervalMs: number; label: string }) {
  const router = useRouter();
  const refresh = useCallback(() => router.refresh(), [router]);
  useVisibleInterval(refresh, intervalMs);
  return <span className="text-xs text-muted">{label}</span>;
}
