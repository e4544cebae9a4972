import { z } from "zod";
import { ComboInputError, ComboNotFoundError } from "./combo-errors";
import { comboModelsSchema, comboProblems, comboStrategySchema, comboWeightsSchema, parseComboInput } from "./combo-input";
import type { CombosDependencies } from "./combos-dependencies";
import { toComboView, type ComboView } from "./combo-view";

/**
 * Absent fields stay as they are; `weights: null` returns to equal weights. The name cannot change: API key
 * allowlists and clients refer to combos by name (create a new combo and delete the old one instead).
 */
export const updateComboInputSchema = z.strictObject({
  models: comboModelsSchema.optional(),
  strategy: comboStrategySchema.optional(),
  weights: comboWeightsSchema.nullable().optional(),
  enabled: z.boolean().optional(),
});

export async function updateCombo(dependencies: CombosDependencies, name: string, input: unknown): Promise<ComboView> {
  const fields = parseComboInput(updateComboInputSchema, input);
  const timestamp = (dependencies.now ?? (() => new Date()))().toISOString();
  await dependencies.configDb.update((draft) => {
    const stored = draft.combos.find((candidate) => candidate.name === name);
    if (stored === undefined) throw new ComboNotFoundError();
    const models = fields.models ?? stored.models;
    const weights = fields.weights === null ? undefined : (fields.weights ?? stored.weights);
    // Members and weights are checked together, after the merge: new models may need new weights.
    const problems = comboProblems(draft, { name, models, weights });
    if (problems.length > 0) throw new ComboInputError(problems);
    stored.models = [...models];
    if (weights === undefined) delete stored.weights;
    else stored.weights = [...weights];
    if (fields.strategy !== undefined) stored.strategy = fields.strategy;
    if (fields.enabled !== undefined) stored.enabled = fields.enabled;
    stored.updatedAt = timestamp;
  });
  const stored = dependencies.configDb.read().combos.find((candidate) => candidate.name === name);
  if (stored === undefined) throw new ComboNotFoundError();
  return toComboView(stored);
}
