import { GatewayError } from "../core/gateway-error";
import type { ComboRuntime, GatewaySnapshot, ProviderRuntime, WireFormat } from "../ports";
import { sharedComboRotation, type ComboRotation } from "./combo-rotation";

export interface RouteTarget {
  provider: ProviderRuntime;
  /** The id sent upstream, without our prefix (`gpt-4o` for `openai/gpt-4o`). */
  upstreamModel: string;
  /** The `<prefix>/<model>` form, for logs, headers and usage rows. */
  qualifiedModel: string;
}

/**
 * `<prefix>/<model>` → that provider; a combo name → its models in order (round-robin: rotated, see
 * combo-rotation.ts); a bare model id → the one provider
 * listing it. A model id a provider does not list is still forwarded (users need new models without an
 * update): only an unknown prefix, combo or ambiguous bare id is an error.
 */
export function resolveModel(
  snapshot: GatewaySnapshot,
  model: string,
  rotation: ComboRotation = sharedComboRotation,
  clientFormat: WireFormat = "openai-chat",
): RouteTarget[] {
  // Aliases first: they exist to redirect names clients send by default (Claude Code's `claude-opus-4-8`).
  const aliased = snapshot.aliases?.get(model);
  if (aliased !== undefined) {
    const targets = resolveRoute(snapshot, aliased, rotation);
    if (targets !== undefined) return targets;
    throw new GatewayError({
      code: "unknown_model",
      status: 400,
      param: "model",
      publicMessage: `Model '${model}' is an alias of '${aliased}', which no configured provider or combo offers.`,
    });
  }
  const targets = resolveRoute(snapshot, model, rotation);
  if (targets !== undefined) return targets;
  // Unknown names go to the configured default route for this client format, never to an "ambiguous model" 400.
  const fallback = snapshot.defaultRoutes?.get(clientFormat);
  if (fallback !== undefined && fallback !== model) {
    const fallbackTargets = resolveRoute(snapshot, fallback, rotation);
    if (fallbackTargets !== undefined) return fallbackTargets;
  }
  throw unknownModel(snapshot, model);
}

/**
 * The combo behind a request's model name when `resolveModel` gave more than one target (only a combo does):
 * reached through an alias, by its own name, or as the default route — the order `resolveModel` tries them.
 */
export function comboBehind(snapshot: GatewaySnapshot, model: string, clientFormat: WireFormat = "openai-chat"): ComboRuntime | undefined {
  const aliased = snapshot.aliases?.get(model);
  if (aliased !== undefined) return snapshot.combos.get(aliased);
  const direct = snapshot.combos.get(model);
  if (direct !== undefined) return direct;
  const fallback = snapshot.defaultRoutes?.get(clientFormat);
  return fallback === undefined ? undefined : snapshot.combos.get(fallback);
}

/** A combo's members in order (rotated for round-robin), or the one provider model; undefined if unknown. */
function resolveRoute(snapshot: GatewaySnapshot, model: string, rotation: ComboRotation): RouteTarget[] | undefined {
  const combo = snapshot.combos.get(model);
  if (combo !== undefined) {
    const targets: RouteTarget[] = [];
    // Round-robin rotates which member leads; the others stay behind it in their order, as fallbacks.
    const start = combo.strategy === "round-robin" ? rotation.nextStart(model, combo.models.length, combo.weights) : 0;
    const ordered = [...combo.models.slice(start), ...combo.models.slice(0, start)];
    for (const member of ordered) {
      // Combos of combos are not expanded: a member must name a provider model.
      const target = resolveProviderModel(snapshot, member);
      if (target !== undefined) targets.push(target);
    }
    if (targets.length === 0) {
      throw new GatewayError({
        code: "unknown_model",
        status: 400,
        param: "model",
        publicMessage: `Combo '${model}' has no model whose provider is configured.`,
      });
    }
    return targets;
  }
  const target = resolveProviderModel(snapshot, model);
  return target === undefined ? undefined : [target];
}

function resolveProviderModel(snapshot: GatewaySnapshot, model: string): RouteTarget | undefined {
  const slash = model.indexOf("/");
  if (slash > 0) {
    const provider = snapshot.providers.get(model.slice(0, slash));
    const upstreamModel = model.slice(slash + 1);
    if (provider !== undefined && upstreamModel.length > 0) {
      return { provider, upstreamModel, qualifiedModel: model };
    }
  }
  // Bare ids (and ids that contain a slash themselves, like Groq's `openai/gpt-oss-120b`) route to the
  // single provider that lists them.
  let match: ProviderRuntime | undefined;
  for (const provider of snapshot.providers.values()) {
    if (!provider.models.includes(model)) continue;
    if (match !== undefined) return undefined;
    match = provider;
  }
  return match === undefined ? undefined : { provider: match, upstreamModel: model, qualifiedModel: `${match.id}/${model}` };
}

function unknownModel(snapshot: GatewaySnapshot, model: string): GatewayError {
  const known = [...snapshot.providers.keys()];
  const slash = model.indexOf("/");
  const prefix = slash > 0 ? model.slice(0, slash) : null;
  const hint =
    known.length === 0
      ? "No provider is configured yet: add one in the dashboard or with --config."
      : `Use '<provider>/<model>' with one of: ${known.join(", ")}.`;
  const message =
    prefix !== null && !snapshot.providers.has(prefix)
      ? `Unknown provider '${prefix}' in model '${model}'. ${hint}`
      : `Model '${model}' is not offered by any configured provider (or by more than one). ${hint}`;
  return new GatewayError({ code: "unknown_model", status: 400, param: "model", publicMessage: message });
}
