import { DEFAULT_MODEL_PRICES } from "../../../../open-sse/src/accounting/default-prices";
import type { ModelPrice } from "../../../../open-sse/src/accounting/model-price";
import type { ConfigDb } from "../config-db/open-config-db";
import type { StoredPricing } from "../config-db/config-db-schema";
import { formatZodIssues } from "../config-file/format-zod-issues";
import { updatePricingInputSchema } from "./pricing-input";

export class PricingInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid input: ${problems.join("; ")}`);
    this.name = "PricingInputError";
  }
}

export interface PricingView {
  /** What the user set: these win. */
  overrides: StoredPricing;
  /** What ships with omniroute (and, once plugged in, the provider catalog): used where no override exists. */
  defaults: Readonly<Record<string, ModelPrice>>;
  /** Every priced model with the price that applies now and where it comes from. */
  effective: { key: string; source: "override" | "default"; price: ModelPrice }[];
}

export function getPricing(configDb: Pick<ConfigDb, "read">, defaults: Readonly<Record<string, ModelPrice>> = DEFAULT_MODEL_PRICES): PricingView {
  const overrides = configDb.read().pricing ?? { models: {}, billing: {} };
  const effective = new Map<string, PricingView["effective"][number]>();
  for (const [key, price] of Object.entries(defaults)) effective.set(key, { key, source: "default", price });
  for (const [key, price] of Object.entries(overrides.models)) effective.set(key, { key, source: "override", price: price as ModelPrice });
  return {
    overrides,
    defaults,
    effective: [...effective.values()].sort((left, right) => left.key.localeCompare(right.key)),
  };
}

/** Validates and stores the sections given; throws PricingInputError naming each bad field. */
export async function updatePricing(configDb: ConfigDb, input: unknown): Promise<PricingView> {
  const parsed = updatePricingInputSchema.safeParse(input);
  if (!parsed.success) throw new PricingInputError(formatZodIssues(parsed.error.issues, input));
  const { models, billing } = parsed.data;
  await configDb.update((draft) => {
    const current = draft.pricing ?? { models: {}, billing: {} };
    draft.pricing = { models: models ?? current.models, billing: billing ?? current.billing };
  });
  return getPricing(configDb);
}
