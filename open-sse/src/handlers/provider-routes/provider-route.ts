import { badRequest, GatewayError } from "../../core/gateway-error";
import type { GatewaySnapshot } from "../../ports";

export type ProviderOperation = "chat" | "embeddings" | "images";

export interface ProviderRoute {
  providerId: string;
  operation: ProviderOperation;
}

const PREFIX = "/v1/providers/";
const OPERATIONS: readonly (readonly [suffix: string, operation: ProviderOperation])[] = [
  ["/chat/completions", "chat"],
  ["/embeddings", "embeddings"],
  ["/images/generations", "images"],
];

/** `/v1/providers/{provider}/chat/completions | embeddings | images/generations` → its parts; undefined otherwise. */
export function matchProviderRoute(path: string): ProviderRoute | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const rest = path.slice(PREFIX.length);
  for (const [suffix, operation] of OPERATIONS) {
    if (!rest.endsWith(suffix)) continue;
    const encoded = rest.slice(0, -suffix.length);
    if (encoded === "" || encoded.includes("/")) return undefined;
    let providerId: string;
    try {
      providerId = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    return providerId === "" ? undefined : { providerId, operation };
  }
  return undefined;
}

/**
 * The model a dedicated route sends on: `{provider}/…` as given; a model of another configured provider
 * (`anthropic/claude-…` on `/v1/providers/openai/…`) is a 400 naming both; anything else gets the prefix — including
 * ids that contain a slash of their own (`meta-llama/Llama-3.3-70B-Instruct-Turbo` on Together, `openai/gpt-oss-120b`
 * on Groq when Groq lists it).
 */
export function qualifyProviderModel(snapshot: GatewaySnapshot, providerId: string, model: string): string {
  const provider = snapshot.providers.get(providerId);
  if (provider === undefined) {
    const known = [...snapshot.providers.keys()];
    throw new GatewayError({
      code: "unknown_model",
      status: 400,
      param: "model",
      publicMessage: `Provider '${providerId}' is not configured${known.length > 0 ? `; configured providers: ${known.join(", ")}` : ""}.`,
    });
  }
  if (model.startsWith(`${providerId}/`) && model.length > providerId.length + 1) return model;
  // The provider's own ids win over the prefix reading: Groq lists `openai/gpt-oss-120b` although `openai` is a provider too.
  if (provider.models.includes(model) || provider.modelTypes?.has(model) === true) return `${providerId}/${model}`;
  const slash = model.indexOf("/");
  if (slash > 0) {
    const other = model.slice(0, slash);
    if (other !== providerId && snapshot.providers.has(other)) {
      throw badRequest(
        "invalid_request",
        `Model '${model}' belongs to provider '${other}', but this route only serves '${providerId}': call /v1/providers/${other}/… or send a '${providerId}/' model.`,
        "model",
      );
    }
  }
  if (snapshot.combos.has(model)) {
    throw badRequest("invalid_request", `'${model}' is a combo, which may route to any provider; this route only serves '${providerId}'. Use /v1/… for combos.`, "model");
  }
  return `${providerId}/${model}`;
}
