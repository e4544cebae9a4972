import { auditLogFor } from "@/lib/server/audit/record-audit";
import { parseAuditQuery } from "@/lib/server/audit/audit-query-params";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit: admin actions newest first, each with actor, time, IP, outcome and the change (before/after,
 * secrets masked). Filters: `action` (exact, or a prefix ending in `*`: `keys.*`), `actor`, `target`, `outcome`,
 * `since`/`until`; `limit` (1–500, default 50); `cursor` = the previous page's `nextCursor`. Behind the
 * dashboard session guard like every `/api` route.
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  try {
    const query = parseAuditQuery(new URL(request.url).searchParams);
    return Response.json(auditLogFor(dependencies.sqlite).query(query), { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
