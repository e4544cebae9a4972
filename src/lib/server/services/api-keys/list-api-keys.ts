import type { ApiKeysDependencies } from "./api-keys-dependencies";
import { toApiKeyView, type ApiKeyView } from "./api-key-view";

/** Every client key, dashboard-made and config-file ones alike, without secrets. */
export function listApiKeys(dependencies: Pick<ApiKeysDependencies, "configDb">): ApiKeyView[] {
  return dependencies.configDb.read().apiKeys.map(toApiKeyView);
}
