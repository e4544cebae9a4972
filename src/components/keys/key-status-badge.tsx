"use client";

import { useEffect, useState } from "react";
import type { ApiKeyView } from "@/lib/server/services/api-keys/api-key-view";
import { StatusBadge } from "../ui/status-badge";

/** Disabled, expired, expiring or active. Expiry is judged in the browser after hydration (clocks differ). */
export function KeyStatusBadge({ apiKey }: { apiKey: Pick<ApiKeyView, "enabled" | "expiresAt"> }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => setNow(Date.now()), []);
  if (!apiKey.enabled) return <StatusBadge tone="neutral">Disabled</StatusBadge>;
  if (apiKey.expiresAt !== null && now !== null) {
    const expiresAt = Date.parse(apiKey.expiresAt);
    if (expiresAt <= now) return <StatusBadge tone="danger">Expired</StatusBadge>;
    return (
      <span title={`Expires ${new Date(expiresAt).toLocaleString()}`}>
        <StatusBadge tone={expiresAt - now < 7 * 86_400_000 ? "warn" : "ok"}>Active · expires {new Date(expiresAt).toLocaleDateString()}</StatusBadge>
      </span>
    );
  }
  return <StatusBadge tone="ok">Active</StatusBadge>;
}
