import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/request-logs/{requestId}: one logged request — metadata, the attempt trail, phase timings,
 * tokens and cost, and its request/response bodies (redacted, cut at the per-body cap) when they were kept.
 */
export async function GET(_request: Request, context: { params: Promise<{ requestId: string }> }): Promise<Response> {
  const requestLogs = usageApiDependenciesFrom(findRuntime())?.usageAccounting?.requestLogs;
  if (requestLogs === undefined) return unavailableResponse();
  const { requestId } = await context.params;
  if (requestId.length === 0 || requestId.length > 200) return invalidInputResponse(["requestId: must be 1 to 200 characters"]);
  try {
    const entry = await requestLogs.detail(requestId);
    if (entry === undefined) {
      return Response.json({ error: { code: "not_found", message: "No logged request with this id (the request log may be off, or the entry past retention)." } }, { status: 404, headers: noStore });
    }
    return Response.json(entry, { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
