import { parseProviderInput } from "../providers/provider-input";
import { ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { deleteCustomModelQuerySchema } from "./custom-model-input";

/** `DELETE /api/provider-models?provider=&model=`: the model is no longer listed (an id sent is still forwarded). */
export async function deleteCustomModel(dependencies: Pick<ProvidersDependencies, "configDb">, query: Record<string, string>): Promise<void> {
  const fields = parseProviderInput(deleteCustomModelQuerySchema, query);
  await dependencies.configDb.update((draft) => {
    const provider = draft.providers.find((candidate) => candidate.id === fields.provider);
    const index = provider?.customModels.findIndex((model) => model.id === fields.model) ?? -1;
    if (provider === undefined || index === -1) throw new ProviderNotFoundError(`No custom model '${fields.model}' on provider '${fields.provider}'.`);
    provider.customModels.splice(index, 1);
  });
}
