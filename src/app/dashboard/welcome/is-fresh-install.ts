import type { ConfigDocument } from "@/lib/server/config-db/config-db-schema";

/** Nothing set up yet: no provider, no client key, no combo. The login page sends such installs to the welcome page. */
export function isFreshInstall(document: Pick<ConfigDocument, "providers" | "apiKeys" | "combos">): boolean {
  return document.providers.length === 0 && document.apiKeys.length === 0 && document.combos.length === 0;
}
