import type { ModelPrice } from "../accounting/model-price";
import type { WireFormat } from "../ports";

/**
 * The shape of one declarative provider definition (`definitions/<id>.ts`). A definition holds facts about a
 * provider's real API — where it lives, how it authenticates, what it refuses, which models it serves at what
 * price — and names where each fact came from. It holds no code: the wire protocol is one of the engine's
 * codecs (`apiFormat`), so a new OpenAI-compatible provider is one data file and one registry line.
 */

/** How a user usually gets access: a paid key, a cheap pay-as-you-go key, or a free tier a sign-up key gets. */
export type ProviderTier = "subscription" | "api-key" | "cheap" | "free";

export type ModelType = "chat" | "embedding" | "image";

export interface ModelCapabilities {
  /** Function/tool calling. */
  tools: boolean;
  /** Image input. */
  vision: boolean;
  /** The model thinks before answering (always, or when asked). */
  reasoning: boolean;
}

export interface ModelDefinition {
  /** The id the upstream API takes in `model` (may contain `/`: `meta-llama/Llama-3.3-70B-Instruct-Turbo`). */
  id: string;
  /** Human name, as the provider writes it. */
  name: string;
  type: ModelType;
  /** Total tokens (prompt + output) per request; chat and embedding models. */
  contextWindow?: number;
  /** Largest output the model produces in one response; chat models. */
  maxOutputTokens?: number;
  /** Vector length an embedding model returns by default. */
  embeddingDimensions?: number;
  capabilities: ModelCapabilities;
  /**
   * The reasoning-effort values the model accepts, in the provider's own words (`minimal`…`xhigh`, DeepSeek's
   * `high|max`); absent: the model takes no effort setting (thinks always, never, or through a toggle).
   */
  reasoningEfforts?: readonly string[];
  /** False when the model refuses `temperature` / `top_p` other than their defaults (reasoning models). */
  acceptsSampling?: false;
  /** List price; absent when the provider publishes none we could source (free tiers say 0 explicitly). */
  price?: ModelPrice;
  /** A higher price that applies to the whole request once its prompt exceeds `aboveInputTokens`. */
  longContextPrice?: { aboveInputTokens: number; price: ModelPrice };
  /** Where this model's facts came from, when not the provider's `sources.models` / `sources.prices`. */
  sources?: readonly string[];
  notes?: string;
}

/** The header a provider reads the key from. */
export type ProviderAuth =
  /** `Authorization: Bearer <key>` (OpenAI and every OpenAI-compatible API). */
  | { kind: "bearer" }
  /** The key alone in a named header (`x-api-key` for Anthropic, `x-goog-api-key` for Gemini). */
  | { kind: "header"; header: string };

/**
 * Where a reasoning request goes in the provider's body, as documented. More than one means the provider takes
 * either (OpenRouter: `reasoning.effort` and the `reasoning_effort` alias).
 */
export type ReasoningControl =
  | "reasoning_effort"
  | "reasoning.effort"
  | "thinking.type"
  | "thinking.budget_tokens"
  | "output_config.effort"
  | "generationConfig.thinkingConfig"
  | "chat_template_kwargs";

/** What the provider's API does differently from the protocol it claims to speak. */
export interface ParameterQuirks {
  /** The field that carries the output-token limit on this API. */
  maxTokensField: "max_tokens" | "max_completion_tokens" | "max_output_tokens" | "generationConfig.maxOutputTokens";
  /** Anthropic refuses a request without `max_tokens`. */
  maxTokensRequired?: true;
  /**
   * Body fields the API answers 4xx to (paths: `messages[].name`); a field listed with a value (`n>1`) is refused
   * only with such a value.
   */
  rejectedFields: readonly string[];
  /** The API validates strictly and refuses any field it does not know (Mistral: 422 `extra_forbidden`). */
  rejectsUnknownFields: boolean;
  /** Fields the API spells differently from the protocol it follows (Mistral: `seed` → `random_seed`). */
  renamedFields?: Readonly<Record<string, string>>;
  /** Where a reasoning request goes; empty: the provider documents none. */
  reasoningControls: readonly ReasoningControl[];
  /** `temperature` bounds when narrower than OpenAI's 0–2. */
  temperatureRange?: readonly [min: number, max: number];
  /** Headers the provider requires on every request besides the key. */
  requiredHeaders?: Readonly<Record<string, string>>;
  /** Everything else worth knowing, one fact a line. */
  notes: readonly string[];
}

/** Another endpoint of the same provider: a regional host, a plan-specific URL, another wire protocol. */
export interface AlternateEndpoint {
  id: string;
  label: string;
  apiFormat: WireFormat;
  /** As the matching SDK takes it. */
  baseUrl: string;
  note: string;
}

/** Where the facts came from: documentation URLs or SDK source paths, never guesses. */
export interface ProviderSources {
  /** Base URL, paths and authentication. */
  api: readonly string[];
  /** The model list, context windows, output limits and capabilities. */
  models: readonly string[];
  /** List prices. */
  prices: readonly string[];
  /** Rejected fields and other parameter quirks. */
  quirks: readonly string[];
}

export interface ProviderDefinition {
  /** The model prefix (`ds` in `ds/deepseek-reasoner`). */
  id: string;
  displayName: string;
  tier: ProviderTier;
  /** The wire protocol the default endpoint speaks. */
  apiFormat: WireFormat;
  /** As the provider's own SDK (or the SDK it tells users to use) takes it. */
  baseUrl: string;
  auth: ProviderAuth;
  quirks: ParameterQuirks;
  alternateEndpoints: readonly AlternateEndpoint[];
  models: readonly ModelDefinition[];
  sources: ProviderSources;
  /**
   * The executor (upstream/executors/, registered in upstream/executor-registry.ts) for a backend that is not a
   * plain `apiFormat` endpoint: OAuth subscription backends with their own envelope, headers or framing.
   * Absent: the plain protocol (upstream/upstream-request.ts).
   */
  executor?: string;
  /** OAuth subscription providers: the login flow id (src/lib/server/oauth); absent: an API key connects. */
  oauthFlow?: string;
}
