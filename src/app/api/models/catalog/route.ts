import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { buildProviderCatalog } from "@/lib/server/services/provider-models/build-provider-catalog";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

/**
 * GET /api/models/catalog: every model omniroute knows, by provider prefix —
 * `{catalog: {<prefix>: {provider, active, models: [{id, name, type, custom}]}}}`. Built-in providers are listed
 * whether configured or not (`active`: it has a usable connection); custom nodes and models the user added come
 * with `custom: true` and their stored name and type. Behind the dashboard session guard like every `/api` route.
 */
export function GET(): Response {
  const runtime = findRuntime();
  const dependencies = providersDependenciesFrom(runtime);
  if (runtime === undefined || dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json(buildProviderCatalog(dependencies.configDb.read(), runtime.configStore.getSnapshot()), { headers: noStore });
}
