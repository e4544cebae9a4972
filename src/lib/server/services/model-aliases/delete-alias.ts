import { parseProviderInput } from "../providers/provider-input";
import { ProviderNotFoundError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { deleteAliasQuerySchema } from "./alias-input";

/** `DELETE /api/models/alias?alias=`: the name resolves normally (or to the default route) from the next request on. */
export async function deleteAlias(dependencies: Pick<ProvidersDependencies, "configDb">, query: Record<string, string>): Promise<void> {
  const { alias } = parseProviderInput(deleteAliasQuerySchema, query);
  await dependencies.configDb.update((draft) => {
    const aliases = draft.routing?.aliases ?? {};
    if (!Object.hasOwn(aliases, alias)) throw new ProviderNotFoundError(`No alias '${alias}'.`);
    const rest = Object.fromEntries(Object.entries(aliases).filter(([name]) => name !== alias));
    draft.routing = { aliases: rest, defaultRoute: draft.routing?.defaultRoute ?? null };
  });
}
