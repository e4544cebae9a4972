import { GatewayError } from "../core/gateway-error";
import type { ClientKeyRuntime, GatewaySnapshot } from "../ports";
import { createComboRotation } from "../routing/combo-rotation";
import { resolveModel, type RouteTarget } from "../routing/resolve-model";

/**
 * A key's allowlist with every entry also in resolved form: a bare `gpt-4o` entry adds `openai/gpt-4o`
 * when that is where the snapshot routes it, exactly as a request for `gpt-4o` would resolve. Cached per
 * snapshot and key, since both are immutable.
 */
const effectiveSets = new WeakMap<GatewaySnapshot, Map<string, ReadonlySet<string>>>();

function effectiveAllowlist(snapshot: GatewaySnapshot, key: ClientKeyRuntime, allowedModels: readonly string[]): ReadonlySet<string> {
  let perKey = effectiveSets.get(snapshot);
  if (perKey === undefined) {
    perKey = new Map();
    effectiveSets.set(snapshot, perKey);
  }
  let allowed = perKey.get(key.id);
  if (allowed !== undefined) return allowed;
  const entries = new Set<string>();
  for (const entry of allowedModels) {
    entries.add(entry);
    // A combo entry allows the combo by name; its members are reached through it, not on their own.
    if (snapshot.combos.has(entry)) continue;
    const resolved = tryResolve(snapshot, entry);
    if (resolved.length === 1) entries.add(resolved[0]!.qualifiedModel);
  }
  allowed = entries;
  perKey.set(key.id, allowed);
  return allowed;
}

function tryResolve(snapshot: GatewaySnapshot, model: string): RouteTarget[] {
  try {
    // A throwaway rotation: listing must not advance a round-robin combo's turn.
    return resolveModel(snapshot, model, createComboRotation());
  } catch {
    return [];
  }
}

/**
 * Whether `key` may use `requested`, which resolved to `targets`. Allowed when the key has no allowlist,
 * when the requested name itself (a model or combo name) is listed, or when every resolved target's
 * qualified model is (so `gpt-4o` resolving to an allowed `openai/gpt-4o` passes, and a combo whose every
 * member is allowed adds nothing the key could not already reach).
 */
export function isModelAllowed(
  snapshot: GatewaySnapshot,
  key: ClientKeyRuntime | undefined,
  requested: string,
  targets: readonly Pick<RouteTarget, "qualifiedModel">[],
): boolean {
  if (key === undefined || key.allowedModels === null) return true;
  const allowed = effectiveAllowlist(snapshot, key, key.allowedModels);
  if (allowed.has(requested)) return true;
  return targets.length > 0 && targets.every((target) => allowed.has(target.qualifiedModel));
}

/** The same check for a listed model or combo id (`/v1/models`), resolving it first. */
export function isListedModelAllowed(snapshot: GatewaySnapshot, key: ClientKeyRuntime | undefined, id: string): boolean {
  if (key === undefined || key.allowedModels === null) return true;
  return isModelAllowed(snapshot, key, id, tryResolve(snapshot, id));
}

/** 403 in the client's error format, raised before any upstream call. */
export function modelNotAllowed(requested: string): GatewayError {
  return new GatewayError({
    code: "model_not_allowed",
    status: 403,
    param: "model",
    publicMessage: `This API key is not allowed to use model '${requested.slice(0, 200)}'.`,
  });
}
