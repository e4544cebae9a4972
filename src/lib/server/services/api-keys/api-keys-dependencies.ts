import type { ConfigDb } from "../../config-db/open-config-db";
import type { OmnirouteRuntime } from "../../runtime/runtime-types";

/** What the api-keys services need from the host runtime. */
export interface ApiKeysDependencies {
  configDb: ConfigDb;
  /** HMAC under API_KEY_SECRET, the same digester the engine verifies with. */
  digestClientKey: (key: string) => Buffer;
  now?: () => Date;
}

/**
 * The dependencies from the published runtime (`findRuntime()`), or undefined when Next runs without the
 * omniroute server. The published type is the narrow `OmnirouteRuntime`; the host runtime behind it
 * carries `configDb` and `digestClientKey`, checked here rather than cast blindly.
 */
export function apiKeysDependenciesFrom(runtime: OmnirouteRuntime | undefined): ApiKeysDependencies | undefined {
  if (runtime === undefined) return undefined;
  const candidate = runtime as Partial<ApiKeysDependencies>;
  if (candidate.configDb === undefined || typeof candidate.digestClientKey !== "function") return undefined;
  return { configDb: candidate.configDb, digestClientKey: candidate.digestClientKey };
}
