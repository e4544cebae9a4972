import { ComboNotFoundError } from "./combo-errors";
import type { CombosDependencies } from "./combos-dependencies";
import { toComboView, type ComboView } from "./combo-view";

export function getCombo(dependencies: Pick<CombosDependencies, "configDb">, name: string): ComboView {
  const stored = dependencies.configDb.read().combos.find((candidate) => candidate.name === name);
  if (stored === undefined) throw new ComboNotFoundError();
  return toComboView(stored);
}
