import type { RouteTarget } from "./resolve-model";

/** The target model's context window in tokens, when its provider's model metadata knows it. */
export function contextWindowOf(target: RouteTarget): number | undefined {
  const window = target.provider.contextWindows?.get(target.upstreamModel);
  return window !== undefined && Number.isFinite(window) && window > 0 ? window : undefined;
}

/**
 * After a target refused the prompt as too long (its window `refusedWindow`), only a model with a larger window
 * can take it: trying one with the same or a smaller window costs a call and fails the same way. Where either
 * window is unknown nothing can be concluded, so the target is tried.
 */
export function mayFitAfterContextRefusal(target: RouteTarget, refusedWindow: number | undefined): boolean {
  if (refusedWindow === undefined) return true;
  const window = contextWindowOf(target);
  return window === undefined || window > refusedWindow;
}
