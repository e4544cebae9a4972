import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";

export const dynamic = "force-dynamic";

/**
 * GET /api/rate-limits: every configured account's concurrency and rate limit — as configured, as in effect
 * now (tuned down after 429s), requests in flight, requests started in the last minute, and whether the router
 * currently skips it for being at its limit.
 */
export function GET(): Response {
  const runtime = findRuntime() as HostRuntime | undefined;
  const resilience = runtime?.resilience;
  if (runtime === undefined || resilience === undefined) return runtimeUnavailableResponse();
  const providers = runtime.configStore.getSnapshot().providers.values();
  return Response.json({ accounts: resilience.accountLimits.snapshot(providers) }, { headers: noStore });
}
