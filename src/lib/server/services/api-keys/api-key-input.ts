import { z } from "zod";
import { formatZodIssues } from "../../config-file/format-zod-issues";
import { ApiKeyInputError } from "./api-key-errors";

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

/** ISO 8601 with an offset (`2027-01-01T00:00:00Z`), stored normalised to UTC; null: never expires. */
export const apiKeyExpirySchema = z
  .iso.datetime({ offset: true, message: "must be an ISO 8601 date-time such as 2027-01-01T00:00:00Z" })
  .transform((value) => new Date(value).toISOString())
  .nullable();

/** Model ids (`openai/gpt-4o`, bare `gpt-4o`) and/or combo names; null: every model. */
export const apiKeyAllowedModelsSchema = z
  .array(z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"))
  .max(500, "must list at most 500 models")
  .transform((models) => [...new Set(models)])
  .nullable();

/**
 * Cost limits in US dollars per UTC day and month (src/lib/server/budgets); a null limit is no limit for that
 * period; `warnAtPercent` (1–100) adds a warning past that share of a limit. `budget: null` removes the budget.
 */
export const apiKeyBudgetSchema = z
  .strictObject({
    dailyUsd: z.number().positive("must be more than 0").max(1_000_000).nullable().default(null),
    monthlyUsd: z.number().positive("must be more than 0").max(10_000_000).nullable().default(null),
    warnAtPercent: z.number().min(1).max(100).nullable().default(null),
  })
  .nullable();

/** Validates `input` or throws `ApiKeyInputError` with zod path messages. */
export function parseApiKeyInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiKeyInputError(formatZodIssues(result.error.issues, input));
  return result.data;
}
