import { parseRequestLogQuery } from "@/lib/server/request-logs/query-request-logs";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/request-logs: logged requests, newest first (metadata; bodies are in the detail). Filters:
 * `status`, `provider`, `model`, `key` (client key id), `account`, `since`/`until`; `limit` (1–500, default 50);
 * `cursor` = the previous page's `nextCursor`. `settings` says whether the log is on and why.
 */
export async function GET(request: Request): Promise<Response> {
  const requestLogs = usageApiDependenciesFrom(findRuntime())?.usageAccounting?.requestLogs;
  if (requestLogs === undefined) return unavailableResponse();
  try {
    const query = parseRequestLogQuery(new URL(request.url).searchParams);
    // Entries still queued are written first, so a request that just finished is listed.
    await requestLogs.flush().catch(() => undefined);
    const settings = requestLogs.settings();
    return Response.json(
      { ...requestLogs.list(query), settings: { enabled: settings.enabled, enabledBy: settings.enabledBy, retentionDays: settings.retentionDays, maxBytes: settings.maxBytes, maxBodyBytes: settings.maxBodyBytes } },
      { headers: noStore },
    );
  } catch (error) {
    return usageErrorResponse(error);
  }
}
