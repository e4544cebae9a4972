import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { apiKeyErrorResponse, noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { apiKeysDependenciesFrom } from "@/lib/server/services/api-keys/api-keys-dependencies";
import { deleteApiKey } from "@/lib/server/services/api-keys/delete-api-key";
import { updateApiKey } from "@/lib/server/services/api-keys/update-api-key";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** PATCH /api/keys/{id} `{name?, enabled?, expiresAt?, allowedModels?}`. Behind the dashboard session guard. */
export async function PATCH(request: Request, context: RouteContext): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    const updated = await updateApiKey(dependencies, id, await readJsonBody(request));
    return Response.json(updated, { headers: noStore });
  } catch (error) {
    return apiKeyErrorResponse(error);
  }
}

/** DELETE /api/keys/{id} → 204; the key is refused on /v1 from the next request on. */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    await deleteApiKey(dependencies, id);
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return apiKeyErrorResponse(error);
  }
}
