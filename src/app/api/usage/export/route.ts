import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { exportUsage } from "@/lib/server/usage/export-usage";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";
import { parseLogsQuery } from "@/lib/server/usage/usage-query-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/export?format=csv|json: every row the `/api/usage/logs` filters select (newest first, at most
 * 1,000,000), streamed as a download; each row has its `operation` and `imageCount` (`image_count` in CSV).
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") return invalidInputResponse(["format: must be csv or json"]);
  try {
    params.delete("limit");
    params.delete("cursor");
    const { range, filters } = parseLogsQuery(params, dependencies.now());
    const stamp = new Date(dependencies.now()).toISOString().slice(0, 10);
    return new Response(exportUsage(dependencies.sqlite, { range, filters }, format), {
      headers: {
        ...noStore,
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="omniroute-usage-${stamp}.${format}"`,
      },
    });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
