import { z } from "zod";
import { customModelIdSchema, customModelTypeSchema } from "../../config-file/config-file-schema";

const providerIdSchema = z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters");

/** `POST /api/provider-models` as the product documents it: `{provider, modelId, modelName?, type?}`. */
export const addCustomModelInputSchema = z.strictObject({
  provider: providerIdSchema,
  modelId: customModelIdSchema,
  /** Absent: the id. */
  modelName: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").regex(/^[^\p{Cc}]+$/u, "must not contain control characters").optional(),
  /** Which endpoint serves it: chat (default), embeddings or image generation. */
  type: customModelTypeSchema.default("chat"),
});

export const listCustomModelsQuerySchema = z.strictObject({ provider: providerIdSchema.optional() });
export const deleteCustomModelQuerySchema = z.strictObject({ provider: providerIdSchema, model: customModelIdSchema });
