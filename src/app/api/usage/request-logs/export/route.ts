import { exportRequestLogs } from "@/lib/server/request-logs/export-request-logs";
import { parseRequestLogQuery } from "@/lib/server/request-logs/query-request-logs";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/request-logs/export?format=jsonl|csv: every entry the list filters select, newest first, as a
 * download: JSONL = whole entries (bodies included where kept), CSV = the list columns.
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  const requestLogs = dependencies?.usageAccounting?.requestLogs;
  if (requestLogs === undefined) return unavailableResponse();
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "jsonl";
  if (format !== "jsonl" && format !== "csv") return invalidInputResponse(["format: must be jsonl or csv"]);
  try {
    params.delete("limit");
    params.delete("cursor");
    const { limit: _limit, before: _before, ...query } = parseRequestLogQuery(params);
    const stamp = new Date(dependencies!.now()).toISOString().slice(0, 10);
    return new Response(exportRequestLogs(requestLogs, query, format), {
      headers: {
        ...noStore,
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="omniroute-request-logs-${stamp}.${format}"`,
      },
    });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
