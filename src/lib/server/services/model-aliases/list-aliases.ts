import type { ProvidersDependencies } from "../providers/providers-dependencies";

export interface AliasView {
  alias: string;
  target: string;
}

/** `GET /api/models/alias`: every alias (dashboard-made and config-file ones), in alphabetical order. */
export function listAliases(dependencies: Pick<ProvidersDependencies, "configDb">): AliasView[] {
  return Object.entries(dependencies.configDb.read().routing?.aliases ?? {})
    .map(([alias, target]) => ({ alias, target }))
    .sort((left, right) => left.alias.localeCompare(right.alias));
}
