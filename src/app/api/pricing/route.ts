import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { getPricing, PricingInputError, updatePricing } from "@/lib/server/pricing/pricing-service";
import { invalidInputResponse, noStore, readJsonBody, unavailableResponse, usageApiDependenciesFrom, usageErrorResponse } from "@/lib/server/usage/usage-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/pricing: the overrides (per `provider/model` prices, per provider or `provider/account` billing
 * modes), the shipped defaults, and the price in effect for every priced model with its source.
 */
export function GET(): Response {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  return Response.json(getPricing(dependencies.configDb), { headers: noStore });
}

/**
 * PUT /api/pricing `{models?, billing?}`: each section given replaces the stored one. Prices are US dollars per
 * million tokens (`inputPerMillion`, `outputPerMillion`, optional `cacheReadPerMillion`, `cacheWritePerMillion`,
 * `cacheWrite1hPerMillion`, `reasoningPerMillion`, `perImage`, `longContext`); billing is `metered`,
 * `subscription` or `free`. New rows are priced with it at once; rows already recorded keep their cost.
 */
export async function PUT(request: Request): Promise<Response> {
  const dependencies = usageApiDependenciesFrom(findRuntime());
  if (dependencies === undefined) return unavailableResponse();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  try {
    return Response.json(await updatePricing(dependencies.configDb, body.value), { headers: noStore });
  } catch (error) {
    if (error instanceof PricingInputError) return invalidInputResponse(error.problems);
    return usageErrorResponse(error);
  }
}
