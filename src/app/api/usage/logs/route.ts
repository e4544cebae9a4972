import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { queryUsageLogs } from "@/lib/server/usage/query-usage-logs";
import { noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";
import { parseLogsQuery } from "@/lib/server/usage/usage-query-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/logs: usage rows newest first, each with its cost breakdown, `operation` (generation, embedding,
 * image) and `imageCount`. Filters: `provider`, `model`, `account`, `key`, `status`, `combo`, `session`, `operation`,
 * `range`/`from`/`to` (default 30 days); `limit` (1–500, default 50); `cursor` = the previous page's `nextCursor`.
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  try {
    const query = parseLogsQuery(new URL(request.url).searchParams, dependencies.now());
    return Response.json(queryUsageLogs(dependencies.sqlite, query), { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
