"use client";

import { useEffect, useState } from "react";
import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import { apiRequest } from "../ui/api-request";
import { oauthBase, type ConnectCapabilities, type OAuthStatusAnswer } from "./oauth-connect-types";

export interface OAuthStatusView {
  /** What to know before connecting (a service shut down upstream); null: nothing, or not loaded yet. */
  notice: string | null;
  /** Every capability flag, as the server says now; null until `status` answered (or when it failed). */
  capabilities: ConnectCapabilities | null;
}

/**
 * The provider's `GET status`, read once when the panel opens: the page's capability list carries neither the
 * notice nor (in its type) the identity providers and local install. A failure leaves the page's own flags.
 */
export function useOAuthStatus(provider: ProviderView): OAuthStatusView {
  const [view, setView] = useState<OAuthStatusView>({ notice: null, capabilities: null });
  const url = `${oauthBase(provider)}/status`;
  useEffect(() => {
    let isCancelled = false;
    void apiRequest<OAuthStatusAnswer>("GET", url).then((result) => {
      if (isCancelled || !result.ok) return;
      const notice = typeof result.data.notice === "string" && result.data.notice.trim() !== "" ? result.data.notice : null;
      setView({ notice, capabilities: result.data.capabilities ?? null });
    });
    return () => {
      isCancelled = true;
    };
  }, [url]);
  return view;
}
