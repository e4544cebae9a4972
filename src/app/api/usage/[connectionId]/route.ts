import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { queryConnectionUsage } from "@/lib/server/usage/query-connection-usage";
import { invalidInputResponse, noStore, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";
import { parseRange, UsageQueryError } from "@/lib/server/usage/usage-query-params";

export const dynamic = "force-dynamic";

/**
 * GET /api/usage/{provider}:{account}: one provider account's usage (the account by id or by name): totals for
 * today, 7 and 30 days and the month, per model and per day over `range` (default 30d), its latest rows, and its
 * quota windows (`quota`, as in GET /api/quota/{connectionId}; null when nothing is known).
 */
export async function GET(request: Request, context: { params: Promise<{ connectionId: string }> }): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const { connectionId } = await context.params;
  const separator = connectionId.indexOf(":");
  if (separator <= 0 || separator === connectionId.length - 1 || connectionId.length > 400) {
    return invalidInputResponse(["connectionId: must be <provider>:<account id or name>"]);
  }
  const providerId = connectionId.slice(0, separator);
  const accountRef = connectionId.slice(separator + 1);
  // Rows name the account as it was named then; an id resolves to the account's current name.
  const provider = dependencies.configDb.read().providers.find((candidate) => candidate.id === providerId);
  const account = provider?.accounts.find((candidate) => candidate.id === accountRef) ?? provider?.accounts.find((candidate) => candidate.name === accountRef);
  try {
    const problems: string[] = [];
    const now = dependencies.now();
    const range = parseRange(new URL(request.url).searchParams, now, "30d", problems);
    if (problems.length > 0) throw new UsageQueryError(problems);
    const usage = queryConnectionUsage(dependencies.sqlite, providerId, account?.name ?? accountRef, range, now);
    const quotaService = dependencies.usageAccounting?.quota;
    await quotaService?.refresh();
    const quota = quotaService?.account(providerId, account?.id ?? accountRef) ?? null;
    return Response.json({ connectionId, accountId: account?.id ?? null, ...usage, quota }, { headers: noStore });
  } catch (error) {
    return usageErrorResponse(error);
  }
}
