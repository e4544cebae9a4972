import { findConnection } from "./find-connection";
import type { ProvidersDependencies } from "./providers-dependencies";
import { toConnectionView, type ConnectionView } from "./provider-views";

export function getConnection(dependencies: Pick<ProvidersDependencies, "configDb" | "storageKey">, connectionId: string): ConnectionView {
  const { provider, account } = findConnection(dependencies.configDb.read(), connectionId);
  return toConnectionView(provider.id, account, dependencies.storageKey);
}
