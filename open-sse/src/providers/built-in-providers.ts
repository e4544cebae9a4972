import type { WireFormat } from "../ports";
import type {
  AlternateEndpoint,
  ModelDefinition,
  ParameterQuirks,
  ProviderAuth,
  ProviderDefinition,
  ProviderSources,
  ProviderTier,
} from "./provider-definition";
import { providerDefinitions } from "./provider-registry";

/**
 * The providers omniroute knows without configuration, as the config store and the snapshot builder read them.
 * Backed by the declarative catalog (provider-registry.ts); `models` keeps its original meaning — the ids to
 * list and route by bare name — and now covers chat, embedding and image models alike. Base URLs are written
 * as each provider's own SDK takes them (OpenAI-style with `/v1`; Anthropic and Gemini without a version path).
 */
export interface BuiltInProvider {
  id: string;
  displayName: string;
  apiFormat: WireFormat;
  baseUrl: string;
  /** Every model id the catalog lists, in catalog order. */
  models: readonly string[];
  tier: ProviderTier;
  auth: ProviderAuth;
  quirks: ParameterQuirks;
  alternateEndpoints: readonly AlternateEndpoint[];
  /** The models with their type, limits, capabilities and prices. */
  catalog: readonly ModelDefinition[];
  sources: ProviderSources;
  executor?: string;
  oauthFlow?: string;
}

function toBuiltIn(definition: ProviderDefinition): BuiltInProvider {
  const { models, ...rest } = definition;
  return Object.freeze({ ...rest, models: Object.freeze(models.map((model) => model.id)), catalog: models });
}

const providers: readonly BuiltInProvider[] = Object.freeze(providerDefinitions.map(toBuiltIn));
const byId = new Map(providers.map((provider) => [provider.id, provider]));

export function getBuiltInProvider(id: string): BuiltInProvider | undefined {
  return byId.get(id);
}

export function listBuiltInProviders(): readonly BuiltInProvider[] {
  return providers;
}
