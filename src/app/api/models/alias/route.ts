import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { deleteAlias } from "@/lib/server/services/model-aliases/delete-alias";
import { listAliases } from "@/lib/server/services/model-aliases/list-aliases";
import { setAlias } from "@/lib/server/services/model-aliases/set-alias";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

/** GET /api/models/alias: `{data: [{alias, target}]}`. */
export function GET(): Response {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json({ data: listAliases(dependencies) }, { headers: noStore });
}

/** PUT /api/models/alias `{alias, target}`: target a `<provider>/<model>` or a combo; creates or re-points. */
export async function PUT(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    return Response.json(await setAlias(dependencies, await readJsonBody(request)), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/** DELETE /api/models/alias?alias= → 204. */
export async function DELETE(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    await deleteAlias(dependencies, Object.fromEntries(new URL(request.url).searchParams));
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
