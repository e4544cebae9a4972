import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { apiKeysDependenciesFrom } from "@/lib/server/services/api-keys/api-keys-dependencies";
import { comboErrorResponse } from "@/lib/server/services/combos/combo-error-response";
import { deleteCombo } from "@/lib/server/services/combos/delete-combo";
import { getCombo } from "@/lib/server/services/combos/get-combo";
import { updateCombo } from "@/lib/server/services/combos/update-combo";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ name: string }>;
}

/** GET /api/combos/{name}. Behind the dashboard session guard. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { name } = await context.params;
    return Response.json(getCombo(dependencies, name), { headers: noStore });
  } catch (error) {
    return comboErrorResponse(error);
  }
}

/** PATCH /api/combos/{name} `{models?, strategy?, weights?, enabled?}`; the name itself cannot change. */
export async function PATCH(request: Request, context: RouteContext): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { name } = await context.params;
    const updated = await updateCombo(dependencies, name, await readJsonBody(request));
    return Response.json(updated, { headers: noStore });
  } catch (error) {
    return comboErrorResponse(error);
  }
}

/** DELETE /api/combos/{name} → 204; requests naming it fail with 400 unknown model from the next request on. */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { name } = await context.params;
    await deleteCombo(dependencies, name);
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return comboErrorResponse(error);
  }
}
