import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { deleteNode } from "@/lib/server/services/provider-nodes/delete-node";
import { getNode } from "@/lib/server/services/provider-nodes/list-nodes";
import { updateNode } from "@/lib/server/services/provider-nodes/update-node";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** GET /api/provider-nodes/{prefix}. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    return Response.json(getNode(dependencies, id), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/** PATCH /api/provider-nodes/{prefix} `{name?, apiFormat?, baseUrl?, enabled?}`; the prefix itself cannot change. */
export async function PATCH(request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    return Response.json(await updateNode(dependencies, id, await readJsonBody(request)), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/** DELETE /api/provider-nodes/{prefix} → 204, with its connection(s) and custom models. */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { id } = await context.params;
    await deleteNode(dependencies, id);
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
