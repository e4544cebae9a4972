import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";
import { testConnection } from "@/lib/server/services/providers/test-connection";

export const dynamic = "force-dynamic";

/**
 * POST /api/providers/{provider}:{account}/test: one real minimal upstream call with the stored key (at most 10 s)
 * → `{ok, latencyMs, verdict: ok|auth-failed|unreachable|rate-limited|error, status?, message}`. 400 `url_refused`
 * when the SSRF guard refuses the base URL.
 */
export async function POST(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    return Response.json(await testConnection(dependencies, id), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
