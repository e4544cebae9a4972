import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import { parseProviderInput } from "../providers/provider-input";
import { ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { listCustomModelsQuerySchema } from "./custom-model-input";
import { toCustomModelView, type CustomModelView } from "./custom-model-view";

/** `GET /api/provider-models[?provider=]`: every custom model, or one provider's (an unknown provider is a 404). */
export function listCustomModels(dependencies: Pick<ProvidersDependencies, "configDb">, query: Record<string, string>): CustomModelView[] {
  const { provider } = parseProviderInput(listCustomModelsQuerySchema, query);
  const providers = dependencies.configDb.read().providers;
  if (provider !== undefined && getBuiltInProvider(provider) === undefined && !providers.some((candidate) => candidate.id === provider)) {
    throw new ProviderNotFoundError(`No provider '${provider}'.`);
  }
  return providers
    .filter((candidate) => provider === undefined || candidate.id === provider)
    .flatMap((candidate) => candidate.customModels.map((model) => toCustomModelView(candidate.id, model)));
}
