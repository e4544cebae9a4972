import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import { parseProviderInput } from "../providers/provider-input";
import { providerEntryFor } from "../providers/provider-entry";
import { ProviderConflictError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { addCustomModelInputSchema } from "./custom-model-input";
import { toCustomModelView, type CustomModelView } from "./custom-model-view";

/**
 * Adds a model to a built-in provider (its entry is created on first use) or a node; adding an id again updates its
 * name and type. It is routable as `<provider>/<id>` and listed in `/v1/models` with `custom: true` from the next
 * request on. Ids the built-in catalog already lists are refused: they are not custom.
 */
export async function addCustomModel(dependencies: Pick<ProvidersDependencies, "configDb">, input: unknown): Promise<{ model: CustomModelView; created: boolean }> {
  const fields = parseProviderInput(addCustomModelInputSchema, input);
  let created = false;
  await dependencies.configDb.update((draft) => {
    const provider = providerEntryFor(draft, fields.provider);
    const builtIn = provider.type === "built-in" ? getBuiltInProvider(provider.id) : undefined;
    if (builtIn?.models.includes(fields.modelId)) {
      throw new ProviderConflictError("model_exists", `modelId: '${fields.modelId}' is already in ${builtIn.displayName}'s catalog`);
    }
    const entry = { id: fields.modelId, name: fields.modelName ?? fields.modelId, type: fields.type };
    const index = provider.customModels.findIndex((model) => model.id === fields.modelId);
    if (index === -1) {
      provider.customModels.push(entry);
      created = true;
    } else provider.customModels[index] = entry;
  });
  const stored = dependencies.configDb
    .read()
    .providers.find((provider) => provider.id === fields.provider)
    ?.customModels.find((model) => model.id === fields.modelId);
  if (stored === undefined) throw new Error("the custom model was not stored");
  return { model: toCustomModelView(fields.provider, stored), created };
}
