import type { ModelPrice } from "../accounting/model-price";
import { getBuiltInProvider } from "./built-in-providers";
import type { ModelCapabilities, ModelType, ParameterQuirks } from "./provider-definition";

/** What the engine may ask of one catalog model: enough to cap `max_tokens`, drop fields, price usage. */
export interface ModelInfo {
  type: ModelType;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  capabilities: ModelCapabilities;
  price: ModelPrice | undefined;
  /** Accepted reasoning-effort values, in the provider's words; undefined: no effort setting. */
  reasoningEfforts: readonly string[] | undefined;
  /** False when the model refuses non-default temperature / top_p. */
  acceptsSampling: boolean;
}

const cache = new Map<string, ModelInfo | null>();

/**
 * The catalog's facts about `modelId` as `providerId` serves it (`modelInfo("groq", "openai/gpt-oss-120b")`),
 * or undefined for a provider or model the catalog does not list (custom nodes, new model ids): callers fall
 * back to their own defaults then. Ids match exactly — a dated snapshot id is a different model.
 */
export function modelInfo(providerId: string, modelId: string): ModelInfo | undefined {
  const key = `${providerId}\u0000${modelId}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const model = getBuiltInProvider(providerId)?.catalog.find((candidate) => candidate.id === modelId);
  const info: ModelInfo | null =
    model === undefined
      ? null
      : Object.freeze({
          type: model.type,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          capabilities: model.capabilities,
          price: model.price,
          reasoningEfforts: model.reasoningEfforts,
          acceptsSampling: model.acceptsSampling !== false,
        });
  // Lookups come from a bounded set of (provider, model) pairs a snapshot lists, plus client-chosen ids: cap it.
  if (cache.size > 10_000) cache.clear();
  cache.set(key, info);
  return info ?? undefined;
}

/** The provider's parameter quirks (rejected fields, token-limit field, reasoning controls), or undefined. */
export function quirksFor(providerId: string): ParameterQuirks | undefined {
  return getBuiltInProvider(providerId)?.quirks;
}
