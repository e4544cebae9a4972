import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { listUpstreamModels } from "@/lib/server/services/providers/list-upstream-models";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

/**
 * GET /api/providers/{id}/models: the upstream's own model list `{data: [{id, name?}]}`, with the connection's key
 * (`{id}` = `<provider>:<account>`), or with the provider's first enabled API-key connection. 502 when it fails.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    return Response.json(await listUpstreamModels(dependencies, id), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
