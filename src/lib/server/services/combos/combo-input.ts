import { z } from "zod";
import { getBuiltInProvider } from "../../../../../open-sse/src/providers/built-in-providers";
import type { ConfigDocument } from "../../config-db/config-db-schema";
import { providerIdPattern } from "../../config-file/config-file-schema";
import { formatZodIssues } from "../../config-file/format-zod-issues";
import { ComboInputError } from "./combo-errors";

export const comboNameSchema = z
  .string()
  .max(100, "must be at most 100 characters")
  .regex(providerIdPattern, "must start with a letter or digit and contain only letters, digits, -, _ and .");

export const comboModelsSchema = z
  .array(z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"))
  .min(1, "must list at least one model")
  .max(50, "must list at most 50 models");

export const comboStrategySchema = z.enum(["priority", "round-robin"]);

export const comboWeightsSchema = z
  .array(z.number().int("must be an integer").positive("must be positive").max(1000, "must be at most 1000"))
  .max(50, "must list at most 50 weights");

/** Validates `input` or throws `ComboInputError` with zod path messages. */
export function parseComboInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ComboInputError(formatZodIssues(result.error.issues, input));
  return result.data;
}

/**
 * The checks that need the stored document: every member must route somewhere, no member may be a combo
 * (nesting is not supported yet: members are expanded once, to provider models), and the weights must match.
 */
export function comboProblems(
  document: ConfigDocument,
  combo: { name: string; models: readonly string[]; weights?: readonly number[] | undefined },
): string[] {
  const problems: string[] = [];
  const providerIds = new Set(document.providers.map((provider) => provider.id));
  const comboNames = new Set(document.combos.map((existing) => existing.name));
  combo.models.forEach((member, index) => {
    const path = `models[${index}]`;
    if (member === combo.name) problems.push(`${path}: a combo cannot contain itself`);
    else if (comboNames.has(member)) problems.push(`${path}: '${member}' is a combo; combos cannot contain combos (nesting is not supported yet)`);
    else {
      const problem = memberProblem(document, providerIds, member);
      if (problem !== undefined) problems.push(`${path}: ${problem}`);
    }
  });
  if (combo.weights !== undefined && combo.weights.length !== combo.models.length) problems.push("weights: must have one weight per model");
  return problems;
}

/** Mirrors resolve-model.ts: `<prefix>/<model>` with a configured provider, or a bare id some provider lists. */
function memberProblem(document: ConfigDocument, providerIds: ReadonlySet<string>, member: string): string | undefined {
  const slash = member.indexOf("/");
  if (slash > 0 && providerIds.has(member.slice(0, slash)) && slash < member.length - 1) return undefined;
  const listed = document.providers.some(
    (provider) =>
      provider.models.includes(member) || (provider.type === "built-in" && (getBuiltInProvider(provider.id)?.models.includes(member) ?? false)),
  );
  if (listed) return undefined;
  if (slash > 0) return `unknown provider '${member.slice(0, slash)}'`;
  return `unknown model '${member}': use '<provider>/<model>' or a model id a configured provider lists`;
}

/** A combo name is used as `model`: it must not shadow a provider prefix (configured or built-in). */
export function isProviderId(document: ConfigDocument, name: string): boolean {
  const lower = name.toLowerCase();
  return document.providers.some((provider) => provider.id.toLowerCase() === lower) || getBuiltInProvider(name) !== undefined;
}
