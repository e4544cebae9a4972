import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import type { ConfigDocument } from "../../config-db/config-db-schema";
import { parseProviderInput } from "../providers/provider-input";
import { ProviderConflictError, ProviderInputError } from "../providers/provider-errors";
import type { ProvidersDependencies } from "../providers/providers-dependencies";
import { setAliasInputSchema } from "./alias-input";
import type { AliasView } from "./list-aliases";

/**
 * `PUT /api/models/alias {alias, target}`: creates or re-points an alias. The target must be a combo or a
 * `<provider>/<model>` of a known provider (built-in or node); an alias cannot shadow a combo (aliases resolve
 * first and would hijack it) and cannot point at another alias (aliases do not chain).
 */
export async function setAlias(dependencies: Pick<ProvidersDependencies, "configDb">, input: unknown): Promise<AliasView> {
  const { alias, target } = parseProviderInput(setAliasInputSchema, input);
  await dependencies.configDb.update((draft) => {
    if (alias === target) throw new ProviderInputError(["target: must differ from the alias"]);
    if (draft.combos.some((combo) => combo.name === alias)) throw new ProviderConflictError("alias_taken", `alias: '${alias}' is a combo name`);
    const aliases = draft.routing?.aliases ?? {};
    if (Object.hasOwn(aliases, target)) throw new ProviderInputError([`target: '${target}' is itself an alias; aliases do not chain`]);
    if (!isRoutable(draft, target)) {
      throw new ProviderInputError([`target: '${target}' is neither a combo nor <provider>/<model> of a known provider`]);
    }
    draft.routing = { aliases: { ...aliases, [alias]: target }, defaultRoute: draft.routing?.defaultRoute ?? null };
  });
  return { alias, target };
}

function isRoutable(document: ConfigDocument, target: string): boolean {
  if (document.combos.some((combo) => combo.name === target)) return true;
  const slash = target.indexOf("/");
  if (slash <= 0 || slash === target.length - 1) return false;
  const prefix = target.slice(0, slash);
  return getBuiltInProvider(prefix) !== undefined || document.providers.some((provider) => provider.id === prefix);
}
