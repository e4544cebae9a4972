import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { monthlyReportCsv, queryMonthlyReport } from "@/lib/server/usage/query-monthly-report";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/report?month=YYYY-MM&format=json|csv: the month's totals per provider, model, key, account and
 * day (UTC). No parameters: the current month as JSON.
 */
export function GET(request: Request): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const params = new URL(request.url).searchParams;
  const today = new Date(dependencies.now());
  const month = params.get("month") ?? `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, "0")}`;
  const format = params.get("format") ?? "json";
  const problems: string[] = [];
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) problems.push("month: must be YYYY-MM");
  if (format !== "json" && format !== "csv") problems.push("format: must be json or csv");
  if (problems.length > 0 || match === null) return invalidInputResponse(problems);
  try {
    const report = queryMonthlyReport(dependencies.sqlite, Number(match[1]), Number(match[2]) - 1);
    if (format === "json") return Response.json(report, { headers: noStore });
    return new Response(monthlyReportCsv(report), {
      headers: { ...noStore, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="omniroute-usage-${report.month}.csv"` },
    });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
