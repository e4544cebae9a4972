import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { createConnection } from "@/lib/server/services/providers/create-connection";
import { listProviders } from "@/lib/server/services/providers/list-providers";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

/**
 * GET /api/providers: every provider (built-in catalog with tier, format, auth kind and OAuth flow; custom nodes),
 * each with its connections — keys masked (`sk-…abcd`), proxies without password. Behind the dashboard session guard.
 */
export function GET(): Response {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json({ data: listProviders(dependencies) }, { headers: noStore });
}

/**
 * POST /api/providers `{provider, name?, apiKey, baseUrl?, priority?, maxConcurrent?, requestsPerMinute?, proxy?,
 * enabled?, quotaReservePercent?, quotaWindows?}` → 201 with the connection (key masked). API-key providers and
 * nodes only; OAuth providers connect through /api/oauth.
 */
export async function POST(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const created = await createConnection(dependencies, await readJsonBody(request));
    return Response.json(created, { status: 201, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
