import { ComboNotFoundError } from "./combo-errors";
import type { CombosDependencies } from "./combos-dependencies";

/**
 * Removes a combo; requests naming it get a 400 unknown model from the next snapshot on. A combo that comes
 * from the config file is added again the next time that file is applied (at start): remove it there too.
 */
export async function deleteCombo(dependencies: Pick<CombosDependencies, "configDb">, name: string): Promise<void> {
  await dependencies.configDb.update((draft) => {
    const index = draft.combos.findIndex((candidate) => candidate.name === name);
    if (index === -1) throw new ComboNotFoundError();
    draft.combos.splice(index, 1);
  });
}
