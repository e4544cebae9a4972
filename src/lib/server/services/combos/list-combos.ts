import type { CombosDependencies } from "./combos-dependencies";
import { toComboView, type ComboView } from "./combo-view";

/** Every combo, enabled or not, in stored order. */
export function listCombos(dependencies: Pick<CombosDependencies, "configDb">): ComboView[] {
  return dependencies.configDb.read().combos.map(toComboView);
}
