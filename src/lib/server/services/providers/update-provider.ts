import { z } from "zod";
import { toStoredProxy } from "../../config-file/proxy-fields";
import { providerEntryFor } from "./provider-entry";
import { ProviderNotFoundError } from "./provider-errors";
import { checkProxyAllowed, parseProviderInput, providerTimeoutsSchema, proxyFieldsSchema } from "./provider-input";
import type { ProvidersDependencies } from "./providers-dependencies";
import { providerViewOf, type ProviderView } from "./provider-views";

/**
 * Provider-level settings (`PATCH /api/providers/{providerId}`, an id without `:`). Absent fields stay; null
 * removes the provider's proxy (the global one applies again) or its timeouts (the global limits apply again).
 * A node's name, base URL and format change through `/api/provider-nodes/{id}`.
 */
export const updateProviderInputSchema = z.strictObject({
  enabled: z.boolean().optional(),
  strategy: z.enum(["round-robin", "priority"]).optional(),
  hideFromModelList: z.boolean().optional(),
  proxy: proxyFieldsSchema.nullable().optional(),
  timeouts: providerTimeoutsSchema.nullable().optional(),
});

export async function updateProvider(dependencies: ProvidersDependencies, providerId: string, input: unknown): Promise<ProviderView> {
  const fields = parseProviderInput(updateProviderInputSchema, input);
  checkProxyAllowed(fields.proxy, dependencies.env);
  await dependencies.configDb.update((draft) => {
    const provider = providerEntryFor(draft, providerId);
    if (fields.enabled !== undefined) provider.enabled = fields.enabled;
    if (fields.strategy !== undefined) provider.strategy = fields.strategy;
    if (fields.hideFromModelList === false) delete provider.hideFromModelList;
    else if (fields.hideFromModelList === true) provider.hideFromModelList = true;
    if (fields.proxy === null) delete provider.proxy;
    else if (fields.proxy !== undefined) provider.proxy = toStoredProxy(fields.proxy, provider.proxy, dependencies.storageKey);
    if (fields.timeouts === null) delete provider.timeouts;
    else if (fields.timeouts !== undefined) provider.timeouts = { ...fields.timeouts };
  });
  const view = providerViewOf(dependencies.configDb.read().providers, providerId, dependencies.storageKey);
  if (view === undefined) throw new ProviderNotFoundError(`No provider '${providerId}'.`);
  return view;
}
