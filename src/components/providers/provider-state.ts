import type { ProviderView } from "@/lib/server/services/providers/provider-views";
import type { StatusTone } from "../ui/status-badge";

export const TIER_SECTIONS = [
  { tier: "subscription", title: "Subscriptions", description: "Sign in with the plan you already pay for (Claude, ChatGPT, Gemini…)." },
  { tier: "api-key", title: "API keys", description: "Pay-as-you-go keys from the model makers." },
  { tier: "cheap", title: "Low-cost APIs", description: "Hosts of open models at a fraction of the price." },
  { tier: "free", title: "Free tiers", description: "Providers with a free allowance: good fallbacks at the end of a combo." },
] as const;

/** The one-word state of a provider and its badge colour. */
export function providerState(provider: ProviderView): { label: string; tone: StatusTone } {
  const count = provider.connections.length;
  if (count === 0) return { label: "Not connected", tone: "neutral" };
  if (!provider.enabled) return { label: "Disabled", tone: "neutral" };
  if (provider.connections.some((connection) => connection.oauth?.status === "auth-failed" || !connection.keyReadable)) return { label: "Needs attention", tone: "danger" };
  const enabled = provider.connections.filter((connection) => connection.enabled).length;
  if (enabled === 0) return { label: "All accounts off", tone: "warn" };
  return { label: `Connected · ${enabled} account${enabled === 1 ? "" : "s"}`, tone: "ok" };
}
