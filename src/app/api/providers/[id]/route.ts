import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { parseConnectionId } from "@/lib/server/services/providers/connection-id";
import { deleteConnection } from "@/lib/server/services/providers/delete-connection";
import { deleteProvider } from "@/lib/server/services/providers/delete-provider";
import { getConnection } from "@/lib/server/services/providers/get-connection";
import { getProvider } from "@/lib/server/services/providers/list-providers";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";
import { updateConnection } from "@/lib/server/services/providers/update-connection";
import { updateProvider } from "@/lib/server/services/providers/update-provider";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * `{id}` is a connection (`<provider>:<account>`) or, without `:`, a provider id.
 * GET /api/providers/{id}: the connection (key masked), or the provider with its connections.
 */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    const body = parseConnectionId(id) === undefined ? getProvider(dependencies, id) : getConnection(dependencies, id);
    return Response.json(body, { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/**
 * PATCH /api/providers/{provider}:{account} `{name?, apiKey?, baseUrl?, priority?, maxConcurrent?, requestsPerMinute?,
 * enabled?, proxy?, quotaReservePercent?, quotaWindows?}` (null clears); PATCH /api/providers/{provider}
 * `{enabled?, strategy?, hideFromModelList?, proxy?, timeouts?}` for the provider itself.
 */
export async function PATCH(request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    const input = await readJsonBody(request);
    const body = parseConnectionId(id) === undefined ? await updateProvider(dependencies, id, input) : await updateConnection(dependencies, id, input);
    return Response.json(body, { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/** DELETE /api/providers/{provider}:{account} → 204 (one connection); /api/providers/{provider} → 204 (everything stored for it). */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    if (parseConnectionId(id) === undefined) await deleteProvider(dependencies, id);
    else await deleteConnection(dependencies, id);
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
