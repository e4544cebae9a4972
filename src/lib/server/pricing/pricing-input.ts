import { z } from "zod";
import { storedPricingSchema } from "../config-db/config-db-schema";

/**
 * `PUT /api/pricing`: each section given replaces that section whole (what the dashboard's table shows is
 * what it sends back); a section left out stays as it is.
 */
export const updatePricingInputSchema = z.strictObject({
  models: storedPricingSchema.shape.models.optional(),
  billing: storedPricingSchema.shape.billing.optional(),
});

export type UpdatePricingInput = z.infer<typeof updatePricingInputSchema>;
