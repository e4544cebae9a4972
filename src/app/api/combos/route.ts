import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { apiKeysDependenciesFrom } from "@/lib/server/services/api-keys/api-keys-dependencies";
import { comboErrorResponse } from "@/lib/server/services/combos/combo-error-response";
import { createCombo } from "@/lib/server/services/combos/create-combo";
import { listCombos } from "@/lib/server/services/combos/list-combos";

export const dynamic = "force-dynamic";

/** GET /api/combos: every combo, disabled ones included. Behind the dashboard session guard (node server). */
export function GET(): Response {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json({ data: listCombos(dependencies) }, { headers: noStore });
}

/** POST /api/combos `{name, models, strategy?, weights?, enabled?}` → 201 with the stored combo. */
export async function POST(request: Request): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const created = await createCombo(dependencies, await readJsonBody(request));
    return Response.json(created, { status: 201, headers: noStore });
  } catch (error) {
    return comboErrorResponse(error);
  }
}
