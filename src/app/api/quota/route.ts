import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/quota: every account's quota windows — what its upstream revealed (source "upstream") and what the
 * user declared and omniroute counts (source "local") — each with used, limit, usedPercent, remaining and
 * resetsAt, and whether the router holds the account until a spent window resets (`heldUntil`).
 */
export async function GET(): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  const quota = dependencies?.usageAccounting?.quota;
  if (quota === undefined) return unavailableResponse();
  try {
    await quota.refresh();
    return Response.json({ data: quota.accounts(), now: dependencies!.now() }, { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
