import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";
import { validateConnection } from "@/lib/server/services/providers/validate-connection";

export const dynamic = "force-dynamic";

/**
 * POST /api/providers/validate `{provider, apiKey, baseUrl?, apiFormat?}`: the `/test` probe for a key before it is
 * saved; nothing is stored. Same answer as `/test`.
 */
export async function POST(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    return Response.json(await validateConnection(dependencies, await readJsonBody(request)), { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
