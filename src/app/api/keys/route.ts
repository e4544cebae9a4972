import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { apiKeyErrorResponse, noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { apiKeysDependenciesFrom } from "@/lib/server/services/api-keys/api-keys-dependencies";
import { createApiKey } from "@/lib/server/services/api-keys/create-api-key";
import { listApiKeys } from "@/lib/server/services/api-keys/list-api-keys";

export const dynamic = "force-dynamic";

/** GET /api/keys: every client key, without key or hash. Behind the dashboard session guard (node server). */
export function GET(): Response {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json({ data: listApiKeys(dependencies) }, { headers: noStore });
}

/** POST /api/keys `{name, expiresAt?, allowedModels?}` → 201 with the full `key`, shown this once. */
export async function POST(request: Request): Promise<Response> {
  const dependencies = apiKeysDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const created = await createApiKey(dependencies, await readJsonBody(request));
    return Response.json(created, { status: 201, headers: noStore });
  } catch (error) {
    return apiKeyErrorResponse(error);
  }
}
