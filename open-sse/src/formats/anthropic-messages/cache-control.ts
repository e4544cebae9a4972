import type { CacheControl } from "../../core/canonical-request";
import { isJsonObject } from "../shared/json-fields";

/**
 * Anthropic's prompt-cache marker (`{type: "ephemeral", ttl?: "5m" | "1h"}`). Claude Code marks its system
 * prompt and latest user turn with it; keeping it through the canonical model lets a Claude upstream keep
 * caching what the client marked even when the request was translated on the way.
 */
export function parseCacheControl(value: unknown): CacheControl | undefined {
  if (!isJsonObject(value) || value.type !== "ephemeral") return undefined;
  const ttl = value.ttl;
  return ttl === "5m" || ttl === "1h" ? { type: "ephemeral", ttl } : { type: "ephemeral" };
}

/** `{cache_control}` to spread into a wire block, or nothing when the part carries no marker. */
export function cacheControlField(cacheControl: CacheControl | undefined): { cache_control?: CacheControl } {
  if (cacheControl === undefined) return {};
  return { cache_control: cacheControl.ttl === undefined ? { type: "ephemeral" } : { type: "ephemeral", ttl: cacheControl.ttl } };
}
