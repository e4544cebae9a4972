import { z } from "zod";
import { ComboInputError, ComboNameTakenError } from "./combo-errors";
import { comboModelsSchema, comboNameSchema, comboProblems, comboStrategySchema, comboWeightsSchema, isProviderId, parseComboInput } from "./combo-input";
import type { CombosDependencies } from "./combos-dependencies";
import { toComboView, type ComboView } from "./combo-view";

export const createComboInputSchema = z.strictObject({
  name: comboNameSchema,
  models: comboModelsSchema,
  strategy: comboStrategySchema.default("priority"),
  weights: comboWeightsSchema.optional(),
  enabled: z.boolean().default(true),
});

/** Stores a new combo; it is usable as `model` and listed in /v1/models from the next request on. */
export async function createCombo(dependencies: CombosDependencies, input: unknown): Promise<ComboView> {
  const fields = parseComboInput(createComboInputSchema, input);
  const timestamp = (dependencies.now ?? (() => new Date()))().toISOString();
  await dependencies.configDb.update((draft) => {
    const lower = fields.name.toLowerCase();
    if (draft.combos.some((existing) => existing.name.toLowerCase() === lower)) {
      throw new ComboNameTakenError(`name: a combo named '${fields.name}' already exists`);
    }
    if (isProviderId(draft, fields.name)) throw new ComboNameTakenError(`name: '${fields.name}' is already a provider id`);
    const problems = comboProblems(draft, fields);
    if (problems.length > 0) throw new ComboInputError(problems);
    draft.combos.push({
      name: fields.name,
      models: [...fields.models],
      strategy: fields.strategy,
      ...(fields.weights === undefined ? {} : { weights: [...fields.weights] }),
      enabled: fields.enabled,
      createdAt: timestamp,
      updatedAt: timestamp,
    });
  });
  const stored = dependencies.configDb.read().combos.find((candidate) => candidate.name === fields.name);
  if (stored === undefined) throw new Error("the created combo was not stored");
  return toComboView(stored);
}
