import { buildModelCatalog } from "../../../../../open-sse/src/providers/model-catalog";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";

export const dynamic = "force-dynamic";

/**
 * GET /api/models/catalog: every model omniroute knows, by provider prefix —
 * `{catalog: {<prefix>: {provider, active, models: [{id, name, type, custom}]}}}`. Built-in providers are listed
 * whether configured or not (`active` says whether an account can serve them); custom nodes and models the user
 * added come with `custom: true`. Behind the dashboard session guard like every `/api` route.
 */
export function GET(): Response {
  const runtime = findRuntime();
  if (runtime === undefined) return runtimeUnavailableResponse();
  return Response.json(buildModelCatalog(runtime.configStore.getSnapshot()), { headers: noStore });
}
