import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { queryUsageHistory } from "@/lib/server/usage/query-usage-history";
import { noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";
import { parseHistoryQuery } from "@/lib/server/usage/usage-query-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/history: a time series per provider, model, key or account.
 * `range` (1h, 24h, 7d, 30d, 90d, 365d, mtd, YYYY-MM) or `from`/`to`; `bucket` (hour, day, week, month);
 * `groupBy` (provider, model, key, account, none); filters `provider`, `model`, `account`, `key`, `operation`
 * (generation, embedding, image).
 * No parameters: the last 7 days, daily, per provider.
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  try {
    const query = parseHistoryQuery(new URL(request.url).searchParams, dependencies.now());
    return Response.json(queryUsageHistory(dependencies.sqlite, query), { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
